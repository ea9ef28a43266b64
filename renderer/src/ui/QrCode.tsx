/**
 * A QR code as SVG, drawn from the modules `qrcode` computes (no markup is injected): one path of dark squares,
 * with the 4-module quiet zone scanners need, black on white in every theme so a phone camera reads it.
 */
import { create } from 'qrcode';
import { useMemo } from 'react';

const QUIET = 4;

export function qrPath(text: string): { size: number; d: string } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++)
      if (modules.data[y * modules.size + x]) parts.push(`M${x + QUIET} ${y + QUIET}h1v1h-1z`);
  return { size: modules.size + 2 * QUIET, d: parts.join('') };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  return (
    <svg className="qr-code" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
