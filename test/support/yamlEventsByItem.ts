import * as assert from 'node:assert/strict';
import { parseEvents, type Event } from 'js-yaml';
import { itemCuts, visitEventsByItem, type EventReading } from '../../server/src/service/documents/yamlEventStream';

/**
 * Reads the text item by item (yamlEventStream.ts) and asserts that the events are those of the
 * whole text, unless the reading gave up. Returns how it ended: null when the text is not cut.
 */
export function assertReadByItemAsWhole(text: string, where = ''): EventReading | null {
  const cuts = itemCuts(text);
  if (!cuts) return null;
  const events: Event[] = [];
  const reading = visitEventsByItem(text, cuts, (event) => {
    events.push(event);
    return true;
  });
  if (reading === 'done') assert.deepEqual(events, parseEvents(text, {}), `${where}: read item by item, not as the whole text`);
  return reading;
}
