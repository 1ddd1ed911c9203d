import { Injectable } from '@nestjs/common';
import { Importer, ImportKind } from './importer';

/** Importers register themselves here from their own feature module; the CLI looks them up by kind. */
@Injectable()
export class ImporterRegistry {
  private readonly importers = new Map<ImportKind, Importer>();

  register(importer: Importer): void {
    this.importers.set(importer.kind, importer);
  }

  get(kind: ImportKind): Importer | undefined {
    return this.importers.get(kind);
  }

  kinds(): ImportKind[] {
    return [...this.importers.keys()];
  }
}
