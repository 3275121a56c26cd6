/* global document, window, performance, requestAnimationFrame, MessageChannel */
// What a slider move costs until the frame that shows it is on screen, in Chromium: a real
// drag (trusted mouse events through CDP, which Chromium delivers at the start of a frame,
// before its requestAnimationFrame callbacks, as it does a user's drag), timed in the page
// and matched with the presentation times in Chromium's trace. (The Event Timing API does not
// help here: Chromium times neither pointer moves nor the input events a drag fires.)

/** The frames' PipelineReporter events (each ends when its frame is presented) and user-timing marks, which put the page's times on the trace's clock. */
const CATEGORIES = ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing'];

/**
 * Drags the range input `selector` (its first match) of `page` a pixel at a time, `moves`
 * moves back and forth between `fractions` of its track, each given `settle` frames alone.
 * Returns one entry per move that fired an input event:
 * - `queued`: ms from the pointer event's timestamp to the input event's dispatch (the wait
 *   for the frame the drag is delivered in);
 * - `handled`: ms from the dispatch to the end of every input listener;
 * - `committed`: ms from the dispatch to the end of that frame's main-thread work (its
 *   requestAnimationFrame callbacks, style, layout, paint, commit: a message posted from the
 *   frame's last callback arrives after them);
 * - `presented`: ms from the dispatch to the presentation of that frame (NaN if the trace
 *   does not show it);
 * - `checked`: what `check` (a function's source, run in the page when that message arrives)
 *   returned.
 * `categories` replaces the trace categories (for a closer look); `trace` receives the events.
 *
 * @example
 * const moves = await dragTimings(page, 'input[type=range]', { moves: 60, check: '() => true' });
 */
export async function dragTimings(page, selector, { moves, settle = 3, check = '() => true', fractions = [0.3, 0.6], categories = CATEGORIES, trace } = {}) {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (box === null) throw new Error(`bench: ${selector} is not shown`);
  await page.evaluate(
    ({ selector, check }) => {
      const slider = document.querySelector(selector);
      const test = new Function(`return (${check})`)();
      const channel = new MessageChannel();
      const state = { moves: [], pending: undefined };
      window.__dragTimings = state;
      // The range's input event is its own (its timeStamp is when the range made it); the
      // pointer move that moved the thumb carries the time of the input.
      let pointerTime = NaN;
      window.addEventListener('pointermove', (event) => (pointerTime = event.timeStamp), true);
      channel.port1.onmessage = () => {
        const move = state.pending;
        if (move === undefined) return;
        move.committed = performance.now() - move.dispatched;
        move.checked = test();
        state.moves.push(move);
        state.pending = undefined;
      };
      // First (capture, on the window): the dispatch. Last (bubble, on the window, added after
      // the page's own listeners): the end of handling, and a requestAnimationFrame callback
      // (after those the page requested) that posts the message.
      window.addEventListener(
        'input',
        (event) => {
          if (event.target !== slider || state.pending !== undefined) return;
          const dispatched = performance.now();
          performance.mark(`drag-dispatched:${state.moves.length}`);
          state.pending = { queued: dispatched - pointerTime, dispatched, value: slider.value };
        },
        true,
      );
      window.addEventListener('input', (event) => {
        const move = state.pending;
        if (event.target !== slider || move === undefined || move.handled !== undefined) return;
        move.handled = performance.now() - move.dispatched;
        requestAnimationFrame(() => channel.port2.postMessage(0));
      });
    },
    { selector, check },
  );
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  const frames = (n) =>
    page.evaluate(
      (k) =>
        new Promise((resolve) => {
          const next = () => (k-- <= 0 ? resolve() : requestAnimationFrame(next));
          next();
        }),
      n,
    );
  const y = box.y + box.height / 2;
  const left = box.x + box.width * fractions[0];
  const span = Math.max(1, Math.round((fractions[1] - fractions[0]) * box.width));
  try {
    await page.mouse.move(left, y);
    await page.mouse.down();
    await frames(settle);
    for (let i = 0; i < moves; i++) {
      const k = i % (2 * span);
      await page.mouse.move(left + (k < span ? k + 1 : 2 * span - k - 1), y);
      await frames(settle);
    }
    await page.mouse.up();
    await frames(settle);
  } finally {
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  trace?.(events);
  const measured = await page.evaluate(() => window.__dragTimings.moves);
  const marks = new Map(events.filter((e) => e.name?.startsWith('drag-dispatched:')).map((e) => [e.name, e]));
  const pid = [...marks.values()][0]?.pid;
  const open = new Map();
  const reported = [];
  for (const e of events.filter((e) => e.name === 'PipelineReporter' && e.pid === pid).sort((a, b) => a.ts - b.ts)) {
    const key = `${e.tid}|${e.id2?.local}`;
    if (e.ph === 'b') open.set(key, e);
    else if (e.ph === 'e' && open.has(key)) {
      reported.push({ begin: open.get(key).ts, end: e.ts, state: open.get(key).args?.frame_reporter?.state ?? '' });
      open.delete(key);
    }
  }
  return measured.map((move, k) => {
    const dispatched = marks.get(`drag-dispatched:${k}`)?.ts;
    // The frame the input was dispatched in (it began before the dispatch), presented with its
    // main thread's update (STATE_PRESENTED_ALL). Its presentation can come before the page's
    // message arrives.
    const ends = reported.filter((f) => dispatched !== undefined && f.begin <= dispatched && f.end >= dispatched && f.state === 'STATE_PRESENTED_ALL').map((f) => f.end);
    return { ...move, presented: ends.length === 0 ? NaN : (Math.min(...ends) - dispatched) / 1000 };
  });
}
