import type { ReactNode } from 'react';

interface PickItem {
  id: string;
  title: string;
  detail: ReactNode;
}

interface PickListProps {
  heading: string;
  items: PickItem[];
  selected: string | null;
  onPick: (id: string) => void;
  /** A `data-…` attribute carrying each item's id, for code that finds an item by it. */
  idAttribute?: `data-${string}`;
}

/** Earlier results of this session: a button each, the one shown pressed. Nothing when there are none. */
export function PickList({ heading, items, selected, onPick, idAttribute }: PickListProps) {
  if (items.length === 0) return null;
  return (
    <div className="history">
      <h4>{heading}</h4>
      <ul className="pick-list">
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className={`pick${item.id === selected ? ' on' : ''}`}
              aria-pressed={item.id === selected}
              {...(idAttribute ? { [idAttribute]: item.id } : {})}
              onClick={() => onPick(item.id)}
            >
              <span className="pick-title">{item.title}</span>
              <span className="muted small">{item.detail}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
