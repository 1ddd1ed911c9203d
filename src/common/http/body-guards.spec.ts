import type { NextFunction, Request, Response } from 'express';
import { bodyParserErrors, jsonDepth, MAX_JSON_DEPTH, rejectDeepJson } from './body-guards';
import { DomainException } from './problem';

const depthOf = (text: string) => jsonDepth(Buffer.from(text, 'utf8'));
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('jsonDepth', () => {
  it.each([
    ['', 0],
    ['42', 0],
    ['"text"', 0],
    ['null', 0],
    ['{}', 1],
    ['[]', 1],
    ['{"a":1,"b":"x","c":true}', 1],
    ['[1,2,3]', 1],
    ['{"a":{"b":{"c":1}}}', 3],
    ['[[[[]]]]', 4],
    ['{"a":[{"b":[1]}]}', 4],
  ])('measures %p as %i', (text, expected) => {
    expect(depthOf(text)).toBe(expected);
  });

  it('returns the maximum depth, not the depth of the last value', () => {
    expect(depthOf('[[[[1]]],[2],3]')).toBe(4);
    expect(depthOf('{"deep":{"er":{"est":{}}},"flat":1}')).toBe(4);
  });

  it('handles generated deep structures', () => {
    expect(depthOf(nestedArrays(100))).toBe(100);
    expect(depthOf(nestedObjects(50))).toBe(50);
    expect(depthOf(JSON.stringify(JSON.parse(nestedObjects(10))))).toBe(10);
  });

  it('does not count brackets inside strings', () => {
    expect(depthOf('{"a":"[[[[{{{{"}')).toBe(1);
    expect(depthOf('["}}}]]]", "{[{["]')).toBe(1);
    expect(depthOf('{"[[[[":1}')).toBe(1);
  });

  it('does not let escaped quotes end a string early', () => {
    // The string value is: he said \"[[[[\" — the brackets are still inside it.
    expect(depthOf(JSON.stringify({ a: 'he said "[[[[" ok' }))).toBe(1);
    expect(depthOf(JSON.stringify(['"{{{{{{"']))).toBe(1);
  });

  it('handles escaped backslashes right before a closing quote', () => {
    // "a\\" is a complete string ending with a backslash; the following brackets are real.
    const text = JSON.stringify(['a\\', [[1]]]);
    expect(text).toBe('["a\\\\",[[1]]]');
    expect(depthOf(text)).toBe(3);
  });

  it('counts structure after strings containing escaped quotes', () => {
    const text = JSON.stringify({ s: '\\"[', nested: { x: [1] } });
    expect(depthOf(text)).toBe(3);
  });

  it('agrees with the real depth of JSON with multi-byte characters', () => {
    expect(depthOf(JSON.stringify({ é: ['ü', { '日本': '[' }] }))).toBe(3);
  });
});

describe('rejectDeepJson', () => {
  const req = {} as Request;
  const res = {} as Response;

  it('accepts JSON exactly at the limit', () => {
    expect(() => rejectDeepJson(req, res, Buffer.from(nestedArrays(MAX_JSON_DEPTH)))).not.toThrow();
    expect(() => rejectDeepJson(req, res, Buffer.from(nestedObjects(MAX_JSON_DEPTH)))).not.toThrow();
  });

  it('accepts ordinary bodies', () => {
    expect(() => rejectDeepJson(req, res, Buffer.from('{"email":"a@b.example","password":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}'))).not.toThrow();
  });

  it('throws a 400 "entity.too.deep" error one level beyond the limit', () => {
    let thrown: unknown;
    try {
      rejectDeepJson(req, res, Buffer.from(nestedArrays(MAX_JSON_DEPTH + 1)));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ status: 400, type: 'entity.too.deep' });
  });

  it('throws for very deep bodies', () => {
    expect(() => rejectDeepJson(req, res, Buffer.from(nestedArrays(100_000)))).toThrow(
      expect.objectContaining({ status: 400, type: 'entity.too.deep' }),
    );
  });

  it('has a limit of 32 levels', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
  });
});

describe('bodyParserErrors', () => {
  const req = {} as Request;
  const res = {} as Response;

  const run = (error: unknown) => {
    const next = jest.fn() as jest.MockedFunction<NextFunction>;
    bodyParserErrors(error, req, res, next);
    expect(next).toHaveBeenCalledTimes(1);
    return next.mock.calls[0][0] as unknown;
  };
  const bodyError = (type: string, status = 400) => Object.assign(new Error(type), { type, status, expose: true });

  it.each([
    ['entity.too.large', 413, 'request.too_large'],
    ['entity.parse.failed', 400, 'request.malformed'],
    ['entity.too.deep', 400, 'request.too_deep'],
    ['entity.verify.failed', 400, 'request.malformed'],
    ['encoding.unsupported', 415, 'request.encoding'],
    ['charset.unsupported', 415, 'request.encoding'],
    ['parameters.too.many', 413, 'request.too_large'],
    ['request.aborted', 400, 'request.aborted'],
    ['request.size.invalid', 400, 'request.malformed'],
  ])('maps %s to a DomainException %i %s', (type, status, code) => {
    const mapped = run(bodyError(type));
    expect(mapped).toBeInstanceOf(DomainException);
    const exception = mapped as DomainException;
    expect(exception.status).toBe(status);
    expect(exception.code).toBe(code);
    expect(exception.detail).toEqual(expect.any(String));
    expect(exception.detail.length).toBeGreaterThan(0);
  });

  it('maps the error thrown by rejectDeepJson, with the limit in the French detail', () => {
    let deep: unknown;
    try {
      rejectDeepJson(req, res, Buffer.from(nestedArrays(MAX_JSON_DEPTH + 1)));
    } catch (error) {
      deep = error;
    }
    const mapped = run(deep) as DomainException;
    expect(mapped).toBeInstanceOf(DomainException);
    expect(mapped.status).toBe(400);
    expect(mapped.code).toBe('request.too_deep');
    expect(mapped.detail).toContain(String(MAX_JSON_DEPTH));
  });

  it('passes unknown errors through unchanged', () => {
    const unknownType = bodyError('something.else');
    expect(run(unknownType)).toBe(unknownType);
    const plain = new Error('boom');
    expect(run(plain)).toBe(plain);
    const domain = new DomainException('x.y', 409, 'Conflit.');
    expect(run(domain)).toBe(domain);
  });

  it('passes non-Error values through unchanged', () => {
    expect(run('a string')).toBe('a string');
    expect(run(undefined)).toBeUndefined();
    expect(run(null)).toBeNull();
    const untyped = { message: 'no type' };
    expect(run(untyped)).toBe(untyped);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('passes through errors whose type %p is an Object.prototype member', (type) => {
    const error = Object.assign(new Error('odd'), { type });
    expect(run(error)).toBe(error);
  });
});
