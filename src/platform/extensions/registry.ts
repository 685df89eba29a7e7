/**
 * Extension points: typed slots that a page (or a use case) owns and that modules above it
 * contribute to, so the owner never imports them. A slot is declared by the module that owns the
 * place (`defineSlot`), a module lists its contributions in one `Extension` exported from its
 * index.ts, and app.ts builds the one `Extensions` registry from them. See
 * docs/decisions/0010-extension-points.md.
 */

/** What every contribution carries: a stable id ("bounties.panel") and its place in the slot. */
export interface Contribution {
  /** `<module>.<thing>`, unique in its slot. */
  readonly id: string;
  /** Lower comes first; ties go by id. Default 100. */
  readonly order?: number;
}

/** A named place modules contribute to; `C` is the shape of one contribution. */
export interface Slot<C extends Contribution> {
  readonly name: string;
  /** Only carries the contribution type; never set. */
  readonly contributionType?: C;
}

/** Declares a slot: `defineSlot<NavItem>('layout.nav')`. The owner exports it from its index.ts. */
export function defineSlot<C extends Contribution>(name: string): Slot<C> {
  return Object.freeze({ name });
}

/** One contribution bound to its slot, as an extension lists it. */
export interface SlotEntry {
  readonly slot: Slot<Contribution>;
  readonly contribution: Contribution;
}

/** Binds a contribution to a slot, type-checked against the slot. */
export function contribute<C extends Contribution>(slot: Slot<C>, contribution: C): SlotEntry {
  return { slot: slot as Slot<Contribution>, contribution };
}

/** What one module adds to the app's extension points; exported from its index.ts. */
export interface Extension {
  readonly module: string;
  readonly contributions: readonly SlotEntry[];
}

/** The part of a logger the registry needs (pino's and Fastify's fit). */
export interface ExtensionLog {
  error(details: object, message: string): void;
}

/**
 * Render functions a panel offers for the places (regions) of a page, each returning markup: an
 * interface of methods, `{ banner(view: ViewContext): JSX.Element }`, declared with the slot.
 */
export type Regions = object;

/** The arguments a region's renderer takes. */
export type RegionArgs<F> = F extends (...args: infer A) => JSX.Element ? A : never;

type Renderer = (...args: unknown[]) => JSX.Element;

/**
 * A contribution to a page that needs data: `load` runs once per page (for a list: once for all of
 * its rows, never once per row) and returns the region renderers, bound to what it loaded; or
 * nothing, when it has nothing to show on this page.
 */
export interface Panel<In, R extends Regions> extends Contribution {
  load(input: In): Promise<Partial<R> | undefined>;
}

/** A slot of panels: `defineSlot<Panel<QuestionPageInput, QuestionPageRegions>>('questions.page')`. */
export type PanelSlot<In, R extends Regions> = Slot<Panel<In, R>>;

/** A contribution that runs inside its caller's work (a hook): `run` in order, errors propagate. */
export interface Hook<In> extends Contribution {
  run(input: In): Promise<void>;
}

const DEFAULT_ORDER = 100;

function byOrder(a: Contribution, b: Contribution): number {
  return (a.order ?? DEFAULT_ORDER) - (b.order ?? DEFAULT_ORDER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What a failing contribution is logged with. */
function failure(slot: string, id: string, stage: string, error: unknown) {
  return { err: error, slot, contribution: id, stage };
}

/**
 * The panels loaded for one page: renders a region from every panel that offers it, in order. A
 * renderer that throws is logged and left out; the page renders without it.
 */
export class LoadedPanels<R extends Regions> {
  constructor(
    private readonly slot: string,
    private readonly panels: readonly { readonly id: string; readonly regions: Partial<R> }[],
    private readonly log: ExtensionLog,
  ) {}

  /** Every panel's markup for `region`, joined in the slot's order ('' when none offers it). */
  render<K extends keyof R & string>(region: K, ...args: RegionArgs<R[K]>): JSX.Element {
    const parts: (string | Promise<string>)[] = [];
    for (const panel of this.panels) {
      const renderer = panel.regions[region] as Renderer | undefined;
      if (!renderer) continue;
      try {
        const html = renderer(...args);
        parts.push(
          typeof html === 'string'
            ? html
            : html.catch((error: unknown) => {
                this.log.error(failure(this.slot, panel.id, region, error), 'extension failed to render');
                return '';
              }),
        );
      } catch (error) {
        this.log.error(failure(this.slot, panel.id, region, error), 'extension failed to render');
      }
    }
    return parts.some((part) => typeof part !== 'string')
      ? Promise.all(parts).then((all) => all.join(''))
      : (parts as string[]).join('');
  }

  /** The first panel's markup for `region` that is not empty, or undefined (e.g. one label). */
  first<K extends keyof R & string>(region: K, ...args: RegionArgs<R[K]>): string | undefined {
    for (const panel of this.panels) {
      const renderer = panel.regions[region] as Renderer | undefined;
      if (!renderer) continue;
      try {
        const html = renderer(...args);
        if (typeof html !== 'string') throw new Error(`region ${region} must render synchronously`);
        if (html !== '') return html;
      } catch (error) {
        this.log.error(failure(this.slot, panel.id, region, error), 'extension failed to render');
      }
    }
    return undefined;
  }

  /** Whether any panel offers `region` on this page. */
  offers(region: keyof R & string): boolean {
    return this.panels.some((panel) => panel.regions[region] !== undefined);
  }
}

/**
 * The app's one registry of contributions, built once in app.ts from every module's extension.
 * Refuses two contributions with the same id in a slot (a programming error, found at start-up).
 */
export class Extensions {
  readonly #bySlot = new Map<string, Contribution[]>();

  constructor(
    extensions: readonly Extension[],
    private readonly log: ExtensionLog,
  ) {
    for (const extension of extensions) {
      for (const { slot, contribution } of extension.contributions) {
        const list = this.#bySlot.get(slot.name) ?? [];
        if (list.some((other) => other.id === contribution.id)) {
          throw new Error(`slot ${slot.name}: "${contribution.id}" is contributed twice`);
        }
        list.push(contribution);
        list.sort(byOrder);
        this.#bySlot.set(slot.name, list);
      }
    }
  }

  /** The slot's contributions, in order (for slots whose contributions need no loading). */
  list<C extends Contribution>(slot: Slot<C>): readonly C[] {
    return (this.#bySlot.get(slot.name) ?? []) as C[];
  }

  /**
   * Loads every panel of a page slot at once (in parallel, one `load` each). A panel whose load
   * fails is logged and left out: the page renders without it, never fails because of it.
   */
  async load<In, R extends Regions>(slot: PanelSlot<In, R>, input: In): Promise<LoadedPanels<R>> {
    const panels = this.list(slot);
    if (panels.length === 0) return new LoadedPanels<R>(slot.name, [], this.log);
    const settled = await Promise.allSettled(panels.map(async (panel) => panel.load(input)));
    const loaded: { id: string; regions: Partial<R> }[] = [];
    settled.forEach((result, index) => {
      const id = (panels[index] as Panel<In, R>).id;
      if (result.status === 'rejected') {
        this.log.error(failure(slot.name, id, 'load', result.reason), 'extension failed to load');
      } else if (result.value) {
        loaded.push({ id, regions: result.value });
      }
    });
    return new LoadedPanels<R>(slot.name, loaded, this.log);
  }

  /**
   * Runs a hook slot's contributions one after the other, inside the caller's work (often its
   * transaction): an error propagates, so the caller's transaction rolls back as a whole.
   */
  async run<In>(slot: Slot<Hook<In>>, input: In): Promise<void> {
    for (const hook of this.list(slot)) await hook.run(input);
  }
}
