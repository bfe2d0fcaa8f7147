// Short sounds for the door, made with Web Audio (no sound files): staff hear the answer
// while looking at the next guest. Browsers allow sound only after a key press or click,
// which the first scan is.

let context = null;

function audio() {
  if (!context) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    context = new Context();
  }
  if (context.state === 'suspended') context.resume();
  return context;
}

function tone(ctx, frequency, start, duration, type = 'sine') {
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = type;
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + duration);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.start(ctx.currentTime + start);
  oscillator.stop(ctx.currentTime + start + duration + 0.02);
}

/** kind: `ok` (one high beep), `already` (two middle beeps), `unknown` (a low buzz), `queued` (a soft tick). */
export function beep(kind) {
  try {
    const ctx = audio();
    if (!ctx) return;
    if (kind === 'ok') tone(ctx, 1320, 0, 0.12);
    else if (kind === 'already') {
      tone(ctx, 660, 0, 0.12);
      tone(ctx, 660, 0.18, 0.12);
    } else if (kind === 'unknown') tone(ctx, 180, 0, 0.45, 'square');
    else tone(ctx, 880, 0, 0.05);
  } catch {
    // No sound device: the screen still says it.
  }
}
