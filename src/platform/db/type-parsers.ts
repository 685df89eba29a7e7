import pg from 'pg';

/*
 * One set of text-format parsers for both drivers, so a row reads the same on PGlite and on
 * PostgreSQL. Left to themselves they differ: int8 is a string on pg but a number or bigint on
 * PGlite, a date is a local-time Date on pg but a UTC Date on PGlite, numeric[] is float[] on pg.
 */

type Parser = (value: string) => unknown;

const OID = {
  int8: 20,
  json: 114,
  jsonArray: 199,
  int8Array: 1016,
  date: 1082,
  timestamp: 1114,
  timestampArray: 1115,
  dateArray: 1182,
  timestamptz: 1184,
  timestamptzArray: 1185,
  numericArray: 1231,
  numeric: 1700,
  jsonb: 3802,
  jsonbArray: 3807,
} as const;

/** int8 as a JS number; throws RangeError rather than silently losing precision. */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`int8 value ${value} is outside the safe integer range of a JS number`);
  }
  return n;
}

const identity: Parser = (value) => value;
// pg's own (global, unmodified) text parsers, typed loosely: its TypeId enum lacks array oids.
const getBuiltinParser = pg.types.getTypeParser as (oid: number, format: 'text') => Parser;
// pg's parser for both timestamp kinds; PGlite uses it too so edge cases (infinity, BC, offsets)
// come out identical.
const parseTimestamp = getBuiltinParser(OID.timestamptz, 'text');

const elementParsers: Record<number, Parser> = {
  [OID.int8]: parseInt8,
  [OID.numeric]: identity,
  [OID.date]: identity,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamp,
  [OID.json]: JSON.parse,
  [OID.jsonb]: JSON.parse,
};

const arrayElements: Record<number, number> = {
  [OID.int8Array]: OID.int8,
  [OID.numericArray]: OID.numeric,
  [OID.dateArray]: OID.date,
  [OID.timestampArray]: OID.timestamp,
  [OID.timestamptzArray]: OID.timestamptz,
  [OID.jsonArray]: OID.json,
  [OID.jsonbArray]: OID.jsonb,
};

type ArrayItem = string | null | ArrayItem[];

function mapArray(items: ArrayItem[], parse: Parser): unknown[] {
  return items.map((item) => {
    if (item === null) return null;
    return Array.isArray(item) ? mapArray(item, parse) : parse(item);
  });
}

// pg's text[] parser splits any array literal (quoting, NULL, nesting) into strings.
const parseTextArray = getBuiltinParser(1009, 'text') as (value: string) => ArrayItem[];

function arrayParser(parse: Parser): Parser {
  return (value) => mapArray(parseTextArray(value), parse);
}

/**
 * The `parsers` option of PGlite's constructor. PGlite derives array parsers from these element
 * parsers itself (it looks them up by element oid when it loads the array types).
 */
export const pgliteParsers: Record<number, (value: string) => unknown> = { ...elementParsers };

const pgParsers: Record<number, Parser> = { ...elementParsers };
for (const [arrayOid, elementOid] of Object.entries(arrayElements)) {
  const parse = elementParsers[elementOid];
  if (parse) pgParsers[Number(arrayOid)] = arrayParser(parse);
}

/** The `types` option of a pg.Pool or pg.Client; leaves the global `pg.types` untouched. */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const parse = format === 'binary' ? undefined : pgParsers[oid];
    return parse ?? pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
