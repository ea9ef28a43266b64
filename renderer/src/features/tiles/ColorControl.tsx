import { useEffect, useRef, useState } from 'react';
import { HsvColorPicker, type HsvColor } from 'react-colorful';
import type { HueSaturation } from '../../../../core/model';
import { Spinner } from '../../ui/Spinner';

/**
 * Hue and saturation (brightness is its own slider). The picker reports every pixel;
 * we send one command when the pointer is released or a key press ends.
 */
export function ColorControl({
  label = 'Colour',
  value,
  onCommit,
  disabled,
  pending,
}: {
  /** The group's accessible name, e.g. "Desk lamp colour". */
  label?: string;
  value: HueSaturation | null;
  onCommit(value: HueSaturation): void;
  disabled?: boolean;
  pending?: boolean;
}) {
  const [local, setLocal] = useState<HueSaturation | null>(null);
  const latest = useRef<HueSaturation | null>(null);
  const dragging = useRef(false);
  useEffect(() => setLocal(null), [value?.hue, value?.saturation]);

  const shown = local ?? value ?? { hue: 30, saturation: 0 };
  const commit = () => {
    const v = latest.current;
    latest.current = null;
    if (v && (v.hue !== value?.hue || v.saturation !== value?.saturation)) onCommit(v);
  };

  useEffect(() => {
    const up = () => {
      if (!dragging.current) return;
      dragging.current = false;
      commit();
    };
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    return () => {
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
  });

  const onChange = (c: HsvColor) => {
    const next = { hue: Math.round(c.h), saturation: Math.round(c.s) };
    latest.current = next;
    setLocal(next);
  };

  return (
    <div
      className="color-control"
      role="group"
      aria-label={label}
      aria-busy={pending || undefined}
      aria-disabled={disabled || undefined}
      data-disabled={disabled || undefined}
    >
      <div className="ui-slider__head">
        <span className="ui-slider__label">Colour</span>
        <span className="ui-slider__value">{pending ? <Spinner /> : null}</span>
      </div>
      <div
        className="color-control__picker"
        inert={disabled || undefined}
        onPointerDown={() => {
          dragging.current = true;
        }}
        onKeyUp={commit}
      >
        <HsvColorPicker color={{ h: shown.hue, s: shown.saturation, v: 100 }} onChange={onChange} />
      </div>
    </div>
  );
}
