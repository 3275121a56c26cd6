/** What the player drives: the playhead (kept in the race state), the drawing and the link. */
export interface PlayerHost {
  /** The step the paths are drawn up to, in [0, steps]. */
  playhead(): number;
  setPlayhead(step: number): void;
  steps(): number;
  /** Steps per animation frame. */
  speed(): number;
  /** Redraws the stage at the playhead. */
  draw(): void;
  /** Writes the link now. */
  flushUrl(): void;
  /** Writes the link a moment later (debounced). */
  writeUrl(): void;
  /** Shows whether it plays (the Play / Pause button). */
  showPlaying(playing: boolean): void;
}

/**
 * The animation of the race: Play / Pause moves the playhead `speed` steps per frame up to
 * the end, Step one step (from the start again past the end), Rewind back to step 0. The
 * link follows the playhead a few times a second while it plays (browsers throttle faster
 * history updates).
 *
 * @example
 * const player = new Player(host);
 * player.toggle();
 */
export class Player {
  playing = false;
  private frame = 0;
  private urlWritten = 0;

  constructor(private readonly host: PlayerHost) {}

  /** Play from the playhead (from 0 at the end), or pause. */
  toggle(): void {
    if (this.playing) {
      this.stop();
      this.host.writeUrl();
      return;
    }
    const host = this.host;
    if (host.playhead() >= host.steps()) host.setPlayhead(0);
    this.playing = true;
    host.showPlaying(true);
    const tick = (): void => {
      if (!this.playing) return;
      host.setPlayhead(Math.min(host.steps(), host.playhead() + host.speed()));
      host.draw();
      if (host.playhead() >= host.steps()) {
        this.stop();
        this.flush();
      } else {
        if (performance.now() - this.urlWritten > 250) this.flush();
        this.frame = requestAnimationFrame(tick);
      }
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** One step on (from the start again when at the end). */
  step(): void {
    this.stop();
    const host = this.host;
    if (host.playhead() >= host.steps()) host.setPlayhead(0);
    host.setPlayhead(Math.min(host.steps(), host.playhead() + 1));
    host.draw();
    host.writeUrl();
  }

  /** Back to step 0. */
  rewind(): void {
    this.stop();
    this.host.setPlayhead(0);
    this.host.draw();
    this.host.writeUrl();
  }

  /** Pauses without writing the link. */
  stop(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.host.showPlaying(false);
  }

  private flush(): void {
    this.urlWritten = performance.now();
    this.host.flushUrl();
  }
}
