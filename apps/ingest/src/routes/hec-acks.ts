// HEC indexer acknowledgement (clients with useACK, e.g. Vector's splunk_hec sink): a request sent
// on a channel gets an ackId; since Vigil answers only once the batch is durable (committed, or
// acknowledged by JetStream), every id it handed out is already durable, so
// /services/collector/ack answers true for every id issued on that channel.
const MAX_CHANNELS = 10_000;

export class ChannelAcks {
  private readonly issued = new Map<string, number>();

  next(channel: string): number {
    const id = this.issued.get(channel) ?? 0;
    if (!this.issued.has(channel) && this.issued.size >= MAX_CHANNELS) this.issued.delete(this.issued.keys().next().value as string);
    this.issued.set(channel, id + 1);
    return id;
  }

  status(channel: string, ids: readonly unknown[]): Record<string, boolean> {
    const issued = this.issued.get(channel) ?? 0;
    return Object.fromEntries(ids.map((id) => [String(id), typeof id === "number" && Number.isInteger(id) && id >= 0 && id < issued]));
  }
}
