import type { KeyboardEvent } from 'react';
import { formatClock, SPEEDS, speedLabel, type ReplaySpeed } from './clock';
import type { Replay } from './useReplay';

/**
 * Replay controls for a loaded capture: play/pause, a frame back or forward, the speed, and a
 * scrubber over frame positions. With the bar focused, Space plays or pauses and ←/→ step.
 */
export function ReplayBar({ replay }: { replay: Replay }) {
  const { position, total, playing, speed, ready, elapsedMs, durationMs } = replay;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    // The speed menu keeps its own keys; a focused button answers Space itself; the scrubber moves by arrows itself.
    if (target.tagName === 'SELECT') return;
    if (event.key === ' ') {
      if (target.tagName === 'BUTTON') return;
      event.preventDefault();
      replay.toggle();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      if (target.tagName === 'INPUT') return;
      event.preventDefault();
      replay.step(event.key === 'ArrowRight' ? 1 : -1);
    }
  };

  const frameText = `frame ${position.toLocaleString('en')} of ${total.toLocaleString('en')}`;
  return (
    <div className="replaybar" role="toolbar" aria-label="Replay" tabIndex={0} onKeyDown={onKeyDown} data-testid="replay-bar">
      <button
        type="button"
        className="replay-play"
        onClick={replay.toggle}
        disabled={!ready}
        aria-label={playing ? 'Pause replay' : speed === 'step' ? 'Play the next frame' : position >= total ? 'Replay from the start' : 'Play replay'}
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
        data-testid="replay-play"
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <button type="button" onClick={() => replay.step(-1)} disabled={!ready || position <= 0} aria-label="Step back one frame" title="Back one frame (←)" data-testid="replay-step-back">◀|</button>
      <button type="button" onClick={() => replay.step(1)} disabled={!ready || position >= total} aria-label="Step forward one frame" title="Forward one frame (→)" data-testid="replay-step-forward">|▶</button>
      <select
        aria-label="Replay speed"
        value={String(speed)}
        onChange={(e) => replay.setSpeed(parseSpeed(e.target.value))}
        disabled={!ready}
        data-testid="replay-speed"
      >
        {SPEEDS.map((s) => <option key={s} value={String(s)}>{speedLabel(s)}</option>)}
      </select>
      <input
        type="range"
        className="replay-scrubber"
        min={0}
        max={total}
        step={1}
        value={position}
        onChange={(e) => replay.seek(Number(e.target.value))}
        disabled={!ready}
        aria-label="Replay position"
        aria-valuetext={frameText}
        data-testid="replay-scrubber"
      />
      <span className="replay-position" data-testid="replay-position">{frameText}</span>
      <span className="replay-elapsed" title="Original time since the capture's first frame" data-testid="replay-elapsed">
        {elapsedMs === null ? '–' : formatClock(elapsedMs)}{durationMs === null ? '' : ` / ${formatClock(durationMs)}`}
      </span>
    </div>
  );
}

function parseSpeed(value: string): ReplaySpeed {
  return value === 'step' ? 'step' : value === '10' ? 10 : value === '2' ? 2 : 1;
}
