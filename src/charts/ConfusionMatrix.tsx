// Confusion matrix primitive: counts (true rows x predicted columns) as a grid of buttons, so a reader can pick
// a cell by mouse or keyboard. Colour encodes the row share on a sequential, colour-blind-safe scale; every
// cell also prints its count, so colour is never the only channel.
import { sequentialColor, textOn } from './scales';
import { ScrollRegion } from '../widgets/frame/ScrollRegion';

export interface ConfusionMatrixProps {
  labels: string[];
  counts: number[][];
  selected?: [number, number] | null;
  onSelect?: (cell: [number, number]) => void;
  label: string;
}

/** The header row of a confusion table: the axes' legend in the corner, then one column per predicted class. */
export function ConfusionHead({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col" className="corner">
          true ↓ / predicted →
        </th>
        {labels.map((l) => (
          <th key={l} scope="col">
            {l}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function ConfusionMatrix({ labels, counts, selected, onSelect, label }: ConfusionMatrixProps) {
  const color = sequentialColor(0, 1, 'cividis');
  return (
    <ScrollRegion label={label}>
      <table className="confusion" aria-label={label}>
        <ConfusionHead labels={labels} />
        <tbody>
          {counts.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row">{labels[i]}</th>
                {row.map((c, j) => {
                  const bg = color(c / total);
                  const isSel = selected && selected[0] === i && selected[1] === j;
                  return (
                    <td key={j} className={isSel ? 'selected' : undefined}>
                      <button
                        type="button"
                        className="cell"
                        style={{ background: bg, color: textOn(bg) }}
                        aria-pressed={Boolean(isSel)}
                        aria-label={`${c.toLocaleString('en-US')} rows: true ${labels[i]}, predicted ${labels[j]}`}
                        data-cell={`${i}-${j}`}
                        onClick={() => onSelect?.([i, j])}
                      >
                        {c.toLocaleString('en-US')}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
