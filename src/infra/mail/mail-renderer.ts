import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from '../../common/templates-dir';
import { EMAIL_SUBJECTS, EmailProps, EmailTemplate } from './email-templates';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders templates/emails/<name>.html.hbs and .txt.hbs inside the shared layouts. */
@Injectable()
export class MailRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();
  private readonly dir: string;

  constructor(dir = join(templatesDir(), 'emails')) {
    this.dir = dir;
  }

  render<T extends EmailTemplate>(name: T, props: EmailProps[T]): RenderedEmail {
    const subject = EMAIL_SUBJECTS[name](props);
    const context = { ...props, subject };
    const html = this.compile('layout.html')({ ...context, body: new Handlebars.SafeString(this.compile(`${name}.html`)(context)) });
    // Text parts must not be HTML-escaped: a plain-text reader sees the characters as typed.
    const text = this.compile('layout.txt', true)({ ...context, body: this.compile(`${name}.txt`, true)(context) });
    return { subject, html, text };
  }

  private compile(file: string, noEscape = false): Handlebars.TemplateDelegate {
    const key = `${file}:${noEscape}`;
    let template = this.cache.get(key);
    if (!template) {
      template = this.hbs.compile(readFileSync(join(this.dir, `${file}.hbs`), 'utf8'), { noEscape, strict: true });
      this.cache.set(key, template);
    }
    return template;
  }
}
