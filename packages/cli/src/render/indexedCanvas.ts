/**
 * A paletted bitmap to draw animation frames into: one byte per pixel, an index into
 * the frame's palette. Drawing is stamping discs, which gives round caps and joins.
 */
export class IndexedCanvas {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;

  constructor(width: number, height: number, pixels?: Uint8Array) {
    this.width = width;
    this.height = height;
    this.pixels = pixels ?? new Uint8Array(width * height);
  }

  /** A copy of this canvas. */
  clone(): IndexedCanvas {
    return new IndexedCanvas(this.width, this.height, this.pixels.slice());
  }

  /** Fills the disc of `radius` pixels around (x, y), clipped to `clip` when given. */
  disc(x: number, y: number, radius: number, value: number, clip?: Clip): void {
    const r2 = radius * radius;
    const x0 = Math.max(Math.ceil(x - radius), clip?.left ?? 0);
    const x1 = Math.min(Math.floor(x + radius), (clip?.right ?? this.width) - 1);
    const y0 = Math.max(Math.ceil(y - radius), clip?.top ?? 0);
    const y1 = Math.min(Math.floor(y + radius), (clip?.bottom ?? this.height) - 1);
    for (let py = y0; py <= y1; py++) {
      const dy = py - y;
      for (let px = x0; px <= x1; px++) {
        const dx = px - x;
        if (dx * dx + dy * dy <= r2) this.pixels[py * this.width + px] = value;
      }
    }
  }

  /** A thick segment from (x0, y0) to (x1, y1): discs every half pixel along it. */
  segment(x0: number, y0: number, x1: number, y1: number, radius: number, value: number, clip?: Clip): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    const length = Math.hypot(x1 - x0, y1 - y0);
    // A segment far longer than the picture (a diverging step) is drawn to its first 4000 px.
    const n = Math.min(Math.ceil(length * 2), 8000);
    for (let i = 0; i <= n; i++) {
      const t = n === 0 ? 0 : i / Math.ceil(length * 2);
      this.disc(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius, value, clip);
    }
  }
}

/** A pixel rectangle, right and bottom excluded. */
export interface Clip {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
