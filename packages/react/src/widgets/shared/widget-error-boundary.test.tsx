import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricCard, TextWidget } from '../index';
import { WidgetErrorBoundary, withWidgetErrorBoundary } from './widget-error-boundary';
import { WidgetFrame } from './widget-frame';

function Bomb({ armed = true }: { readonly armed?: boolean }): never | string {
  if (armed) throw new Error('boom: the chart data is inconsistent');
  return 'defused';
}

/** Whether {@link Host}'s child throws. */
const fuse = { armed: true };

/** A widget whose data changes on a button click. */
function Host() {
  const [version, setVersion] = useState(0);
  return (
    <>
      <button type="button" onClick={() => setVersion((v) => v + 1)}>
        new data
      </button>
      <WidgetErrorBoundary resetKeys={[version]}>
        <Bomb armed={fuse.armed} />
      </WidgetErrorBoundary>
    </>
  );
}

describe('widget error boundaries', () => {
  // React reports every caught error on console.error; these tests throw on purpose.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("shows a frame's content that throws as the widget's error state, keeping the title and the siblings", () => {
    render(
      <div>
        <WidgetFrame kind="arion-test" title="Broken">
          <Bomb />
        </WidgetFrame>
        <TextWidget title="Sibling" markdown="still **here**" />
      </div>,
    );
    expect(screen.getByRole('heading', { name: 'Broken' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not show Broken.boom: the chart data is inconsistent',
    );
    expect(screen.getByText('here')).toBeInTheDocument();
  });

  it('catches an error thrown by an exported widget itself, outside its frame', () => {
    const Throwing = withWidgetErrorBoundary((_: { title: string }) => <Bomb />, 'arion-test');
    const { container } = render(
      <div>
        <Throwing title="Risk" />
        <MetricCard title="MTTR" value={4.2} />
      </div>,
    );
    expect(container.querySelector('.arion-test.arion-widget-failed')).not.toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not show Risk.');
    expect(screen.getByRole('heading', { name: 'MTTR' })).toBeInTheDocument();
  });

  it('tries again on "Try again" and when the props change', () => {
    fuse.armed = true;
    render(<Host />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('alert')).toBeInTheDocument();
    fuse.armed = false;
    fireEvent.click(screen.getByRole('button', { name: 'new data' }));
    expect(screen.getByText('defused')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
