import {
  type ReactNode,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { HeightIndex } from './height-index.js';

export interface VirtualListHandle {
  /** Scrolls just enough to show row `index` ('auto'), or puts it at the top ('start'). */
  scrollToIndex(index: number, align?: 'auto' | 'start'): void;
  scrollToBottom(): void;
  focus(): void;
}

interface VirtualListProps {
  count: number;
  estimateHeight: number;
  renderItem: (index: number) => ReactNode;
  getKey: (index: number) => string | number;
  onRangeChange?: (start: number, end: number) => void;
  overscan?: number;
  className?: string;
  innerRole?: string;
  ariaLabel?: string;
  ariaBusy?: boolean;
  ariaActiveDescendant?: string | undefined;
  /** The row `ariaActiveDescendant` names: the attribute is set only while that row is drawn. */
  activeIndex?: number | undefined;
  tabIndex?: number;
  handleRef?: Ref<VirtualListHandle>;
  testId?: string;
}

/**
 * Windowed list with measured heights: only the rows in (and near) the viewport are in the DOM.
 * Rows measured above the viewport shift the scroll position by the same amount, so what the
 * person is reading stays put while heights settle.
 */
export function VirtualList(props: VirtualListProps): ReactNode {
  const { count, estimateHeight, renderItem, getKey, onRangeChange, overscan = 400 } = props;
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const indexRef = useRef<HeightIndex | null>(null);
  if (indexRef.current === null) indexRef.current = new HeightIndex(count, estimateHeight);
  const heights = indexRef.current;
  if (heights.count !== count) heights.resize(count);

  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const [, setVersion] = useState(0);
  const frame = useRef<number | null>(null);
  const stickToBottom = useRef(false);
  const firstVisible = useRef(0);

  const bump = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const rowObserver = useRef<ResizeObserver | null>(null);
  if (rowObserver.current === null && typeof ResizeObserver !== 'undefined') {
    rowObserver.current = new ResizeObserver((entries) => {
      const list = indexRef.current;
      const scroller = scrollerRef.current;
      if (!list) return;
      let anchorShift = 0;
      let changed = false;
      // Whoever sits at the bottom (jumped to the end, following a log) stays there as heights settle.
      if (scroller && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) {
        stickToBottom.current = true;
      }
      for (const entry of entries) {
        const element = entry.target as HTMLElement;
        const index = Number(element.dataset.index);
        if (!element.isConnected || !Number.isInteger(index)) continue;
        const height = entry.borderBoxSize?.[0]?.blockSize ?? element.offsetHeight;
        const delta = list.setHeight(index, height);
        if (delta !== 0) {
          changed = true;
          if (index < firstVisible.current) anchorShift += delta;
        }
      }
      if (scroller && anchorShift !== 0) scroller.scrollTop += anchorShift;
      if (changed) bump();
    });
  }
  useEffect(() => () => rowObserver.current?.disconnect(), []);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    setViewport(scroller.clientHeight);
    const observer = new ResizeObserver(() => setViewport(scroller.clientHeight));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!stickToBottom.current || !scroller) return;
    stickToBottom.current = false;
    scroller.scrollTop = scroller.scrollHeight;
  });

  const onScroll = useCallback(() => {
    const scroller = scrollerRef.current;
    if (scroller) setScrollTop(scroller.scrollTop);
  }, []);

  const measureRef = useCallback((element: HTMLDivElement | null) => {
    if (element) rowObserver.current?.observe(element);
  }, []);

  useImperativeHandle(
    props.handleRef,
    () => ({
      scrollToIndex(index, align = 'auto') {
        const scroller = scrollerRef.current;
        const list = indexRef.current;
        if (!scroller || !list || index < 0 || index >= list.count) return;
        const top = list.offsetOf(index);
        const bottom = top + list.heightOf(index);
        if (align === 'start' || top < scroller.scrollTop) scroller.scrollTop = top;
        else if (bottom > scroller.scrollTop + scroller.clientHeight) {
          scroller.scrollTop = bottom - scroller.clientHeight;
        }
        setScrollTop(scroller.scrollTop);
      },
      focus() {
        scrollerRef.current?.focus();
      },
      scrollToBottom() {
        const scroller = scrollerRef.current;
        if (!scroller) return;
        scroller.scrollTop = scroller.scrollHeight;
        setScrollTop(scroller.scrollTop);
      },
    }),
    [],
  );

  const { start, end } = heights.visibleRange(scrollTop, viewport, overscan);
  firstVisible.current = heights.indexAt(scrollTop);

  useEffect(() => {
    if (end >= start) onRangeChange?.(start, end);
  }, [start, end, onRangeChange]);

  const rows: ReactNode[] = [];
  for (let i = start; i <= end; i++) {
    rows.push(
      <div
        key={getKey(i)}
        data-index={i}
        ref={measureRef}
        className="vrow"
        style={{ transform: `translateY(${heights.offsetOf(i)}px)` }}
      >
        {renderItem(i)}
      </div>,
    );
  }

  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is given by the caller (listbox, feed).
    <div
      ref={scrollerRef}
      className={`vscroll ${props.className ?? ''}`}
      onScroll={onScroll}
      role={props.innerRole}
      aria-label={props.ariaLabel}
      aria-busy={props.ariaBusy}
      aria-activedescendant={
        // A row outside the window is not in the document; naming it would point at nothing.
        props.activeIndex !== undefined && props.activeIndex >= start && props.activeIndex <= end
          ? props.ariaActiveDescendant
          : undefined
      }
      tabIndex={props.tabIndex}
      data-testid={props.testId}
    >
      <div className="vspace" style={{ height: `${heights.totalHeight()}px` }}>
        {rows}
      </div>
    </div>
  );
}
