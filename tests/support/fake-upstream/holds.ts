/**
 * Answers held back until the test lets them go (`x-fake-hold: 1`): while held, a request is
 * certainly in the upstream's hands, so the most held at once is how many the upstream saw at once.
 */
export class Holds {
  private held: (() => void)[] = [];
  private watchers: { count: number; resolve: () => void }[] = [];
  /** The most answers held at once since the last `resetPeak`. */
  peak = 0;

  resetPeak(): void {
    this.peak = this.held.length;
  }

  /** Resolves when the test releases this answer. */
  hold(): Promise<void> {
    return new Promise((resolve) => {
      this.held.push(resolve);
      this.peak = Math.max(this.peak, this.held.length);
      for (const watcher of this.watchers.filter((each) => this.held.length >= each.count)) {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    });
  }

  /** Answers held now. */
  waiting(): number {
    return this.held.length;
  }

  /** Resolves once at least `count` answers are held. */
  untilHeld(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  /** Lets the `count` oldest held answers go on (all of them by default). */
  release(count = this.held.length): void {
    for (const resolve of this.held.splice(0, count)) resolve();
  }
}
