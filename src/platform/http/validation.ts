import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * Validates with TypeBox's compiled checker. Bodies are taken exactly as sent (a string where a
 * number belongs is an error); query strings, params and headers arrive as text, so they get
 * their schema defaults and are converted to the declared types first.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const lenient = httpPart !== 'body';
  return (input: unknown) => {
    const value = lenient ? Value.Convert(schema, Value.Default(schema, plainCopy(input))) : input;
    if (check.Check(value)) return { value };
    return { error: check.Errors(value) as never };
  };
};

/** Query objects from Fastify have a null prototype; copy them into plain objects before defaults. */
function plainCopy(input: unknown): unknown {
  return input && typeof input === 'object' && !Array.isArray(input) ? { ...input } : input;
}
