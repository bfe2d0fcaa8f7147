// A door station's queue of scans made while the host could not be reached, kept in the
// browser's storage so that a reload or a closed tab loses none. Each scan keeps its event id
// and the time it was made: replayed, it is recorded once, at its own time, and a person let
// in twice meanwhile comes back as a conflict for staff.

const QUEUE_KEY = 'alumni-desk.door.queue';

function read() {
  try {
    const list = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function write(list) {
  window.localStorage.setItem(QUEUE_KEY, JSON.stringify(list));
}

/** The queued scans of a meeting, oldest first: [{eventId, token, station, queuedAt, meetingId}]. */
export function queued(meetingId) {
  return read().filter((item) => item.meetingId === meetingId);
}

/** Keeps a scan for later. */
export function enqueue(item) {
  const list = read();
  if (!list.some((x) => x.eventId === item.eventId)) list.push(item);
  write(list);
}

/** Drops a scan the host has answered. */
export function dequeue(eventId) {
  write(read().filter((item) => item.eventId !== eventId));
}
