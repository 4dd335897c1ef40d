// Tokens in a row, each coloured by a value through a colour scale (or plain), focusable and hoverable so a
// widget can show details or highlight the token's characters elsewhere.
import './charts.css';
import { textOn } from './scales';

export interface StripToken {
  text: string;
  special?: boolean;
  /** Extra line under the token (an id, a score). */
  sub?: string;
  title?: string;
  /** Dimmed (e.g. padding, masked out). */
  muted?: boolean;
}

export interface TokenStripProps {
  tokens: StripToken[];
  values?: ArrayLike<number>;
  color?: (value: number) => string;
  label: string;
  active?: number | null;
  onActivate?: (index: number | null) => void;
  onSelect?: (index: number) => void;
}

export function TokenStrip({ tokens, values, color, label, active, onActivate, onSelect }: TokenStripProps) {
  return (
    <ol className="tokenstrip" aria-label={label}>
      {tokens.map((t, i) => {
        const bg = values && color ? color(values[i]) : undefined;
        const cls = ['tok', t.special ? 'special' : '', t.muted ? 'muted' : '', active === i ? 'active' : ''].filter(Boolean).join(' ');
        const style = bg ? { background: bg, color: textOn(bg), borderColor: 'transparent' } : undefined;
        return (
          <li key={i} className={cls}>
            {onActivate || onSelect ? (
              // A real button: focusable, and Enter / Space click it (select, or show the token when only onActivate is given).
              <button
                type="button"
                className="tok-box"
                style={style}
                title={t.title}
                data-index={i}
                onMouseEnter={onActivate ? () => onActivate(i) : undefined}
                onMouseLeave={onActivate ? () => onActivate(null) : undefined}
                onFocus={onActivate ? () => onActivate(i) : undefined}
                onBlur={onActivate ? () => onActivate(null) : undefined}
                onClick={() => (onSelect ? onSelect(i) : onActivate?.(i))}
              >
                {t.text}
              </button>
            ) : (
              <span className="tok-box" style={style} title={t.title} data-index={i}>
                {t.text}
              </span>
            )}
            {t.sub !== undefined && <span className="tok-sub">{t.sub}</span>}
          </li>
        );
      })}
    </ol>
  );
}
