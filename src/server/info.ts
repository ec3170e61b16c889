/**
 * INFO: named sections, each a function returning its "field:value" lines, in Redis's order. Modules
 * (persistence, replication, cluster, sentinel) replace the placeholder sections with their own.
 */

export type SectionFn = () => string[];

interface Section {
  name: string;
  /** Title as printed after '# '. */
  title: string;
  fn: SectionFn;
  inDefault: boolean;
  inAll: boolean;
}

export class InfoRegistry {
  private sections: Section[] = [];

  /** Registers or replaces a section; new sections keep the position of the one they replace. */
  set(name: string, title: string, fn: SectionFn, opts: { inDefault?: boolean; inAll?: boolean } = {}): void {
    const sec: Section = { name: name.toLowerCase(), title, fn, inDefault: opts.inDefault ?? true, inAll: opts.inAll ?? true };
    const i = this.sections.findIndex((s) => s.name === sec.name);
    if (i >= 0) this.sections[i] = sec;
    else this.sections.push(sec);
  }

  remove(name: string): void {
    this.sections = this.sections.filter((s) => s.name !== name);
  }

  has(name: string): boolean {
    return this.sections.some((s) => s.name === name.toLowerCase());
  }

  /** Builds the INFO text for the requested section names ([] = default). */
  render(args: readonly string[]): string {
    const wanted = new Set(args.map((a) => a.toLowerCase()));
    const all = wanted.has('all');
    const everything = wanted.has('everything');
    const dflt = wanted.size === 0 || wanted.has('default');
    const parts: string[] = [];
    for (const s of this.sections) {
      const include = everything || wanted.has(s.name) || (all && s.inAll) || (dflt && s.inDefault);
      if (!include) continue;
      const lines = s.fn();
      let text = `# ${s.title}\r\n`;
      for (const l of lines) text += l + '\r\n';
      parts.push(text);
    }
    return parts.join('\r\n');
  }
}
