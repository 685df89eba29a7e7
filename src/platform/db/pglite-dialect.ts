import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGliteInterface } from '@electric-sql/pglite';
import {
  AbortedTransactionError,
  CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  IdentifierNode,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  type TransactionSettings,
} from 'kysely';

export interface PGliteDialectConfig {
  pglite: PGliteInterface;
  /** Close the PGlite instance when Kysely is destroyed; set it when the caller hands over ownership. */
  closeOnDestroy?: boolean;
}

/** Kysely dialect over one PGlite instance; every connection use, transactions included, is serialised. */
export class PGliteDialect implements Dialect {
  readonly #config: PGliteDialectConfig;

  constructor(config: PGliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

// Thrown instead of waiting forever when the holder of the connection asks for it again.
const NESTED_QUERY_MESSAGE =
  'query on db inside a transaction: use the transaction handle (trx) passed to the callback';

/*
 * Which tenure of the connection (acquire to release; a fresh object each time) the current async
 * context works for. A query on the held connection marks the context it was issued from:
 * enterWith runs in the synchronous part of executeQuery, before any await, so the mark lands in
 * the caller's context and flows into everything that context awaits afterwards. Kysely runs
 * `begin` from the context that then calls the transaction callback, so the whole callback is
 * marked. A context that is not downstream of the holder's queries (another request, a sibling
 * in Promise.all) carries no mark, or a finished tenure's, and simply waits its turn.
 */
const holdContext = new AsyncLocalStorage<object>();

/*
 * PGlite is a single backend: its own mutex only covers one query at a time, so two Kysely
 * transactions would interleave their statements inside one server-side transaction. The driver
 * therefore hands out its one connection to a single holder at a time, from acquire to release,
 * which Kysely spans over begin..commit/rollback.
 */
class PGliteDriver implements Driver {
  readonly #pglite: PGliteInterface;
  readonly #closeOnDestroy: boolean;
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;
  #hold: object | undefined;
  #destroyed = false;

  constructor(config: PGliteDialectConfig) {
    this.#pglite = config.pglite;
    this.#closeOnDestroy = config.closeOnDestroy ?? false;
    this.#connection = new PGliteConnection(config.pglite, () => {
      if (this.#hold) holdContext.enterWith(this.#hold);
    });
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // The holder waiting for itself would wait forever (on pg it would silently take a second
    // connection, outside the transaction): fail loudly instead.
    if (this.#hold && holdContext.getStore() === this.#hold) throw new Error(NESTED_QUERY_MESSAGE);
    await this.#mutex.lock();
    if (this.#destroyed) {
      this.#mutex.unlock();
      throw new Error('The PGlite driver has been destroyed');
    }
    this.#hold = {};
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(): Promise<void> {
    // PostgreSQL answers COMMIT with a ROLLBACK tag when an earlier error aborted the transaction.
    const { command } = await this.#pglite.query('commit');
    if (command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(savepointCommand('release', name), createQueryId()));
  }

  async releaseConnection(): Promise<void> {
    this.#hold = undefined;
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    // Let the current holder and everyone already queued finish before closing.
    await this.#mutex.lock();
    try {
      if (this.#closeOnDestroy && !this.#pglite.closed) await this.#pglite.close();
    } finally {
      this.#mutex.unlock();
    }
  }
}

function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

const COUNTED_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGliteInterface;
  readonly #markCaller: () => void;

  constructor(pglite: PGliteInterface, markCaller: () => void) {
    this.#pglite = pglite;
    this.#markCaller = markCaller;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Must stay before the first await: see holdContext.
    this.#markCaller();
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
      rowMode: 'object',
    });
    if (result.command && COUNTED_COMMANDS.has(result.command)) {
      return { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) };
    }
    return { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is deliberately unsupported.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The PGlite dialect does not support streaming queries');
  }
}

/** FIFO lock: unlock hands the lock straight to the longest waiter, so nobody can barge in. */
class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
