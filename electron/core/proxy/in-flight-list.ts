/** What an item of an `InFlightList` carries: the list links its items through these two fields. */
export interface InFlightLinks<T> {
  previousInFlight: T | null;
  nextInFlight: T | null;
}

/**
 * The calls in flight, linked through the calls themselves: adding and deleting allocate nothing,
 * and a deleted call keeps no link to the others.
 *
 * A `Set` does the same job but costs the proxy its young collections: under steady churn V8
 * rebuilds a set's table every few dozen entries, and each discarded table keeps a link to the
 * next one. Once one table reaches the old generation (a full collection promotes whatever is
 * alive), every later table, and every call in it, is held by old garbage and outlives its young
 * collections. Measured with an in-process fake upstream answering on the next turn of the event
 * loop: 3.0 MB promoted per scavenge with a `Set`, 0.7 MB with this list.
 */
export class InFlightList<T extends InFlightLinks<T>> {
  private head: T | null = null;

  /** Counted by walking the list: nothing on the request path reads it, so nothing there keeps it. */
  get size(): number {
    let count = 0;
    for (let item = this.head; item; item = item.nextInFlight) count++;
    return count;
  }

  add(item: T): void {
    if (this.has(item)) return;
    item.previousInFlight = null;
    item.nextInFlight = this.head;
    if (this.head) this.head.previousInFlight = item;
    this.head = item;
  }

  /** Takes the item out (nothing happens when it is not in the list). */
  delete(item: T): void {
    if (!this.has(item)) return;
    const { previousInFlight: previous, nextInFlight: next } = item;
    if (previous) previous.nextInFlight = next;
    else this.head = next;
    if (next) next.previousInFlight = previous;
    item.previousInFlight = null;
    item.nextInFlight = null;
  }

  has(item: T): boolean {
    return item.previousInFlight !== null || this.head === item;
  }

  /** The items as they are now, newest first: the caller may delete while it goes through them. */
  toArray(): T[] {
    const items: T[] = [];
    for (let item = this.head; item; item = item.nextInFlight) items.push(item);
    return items;
  }
}
