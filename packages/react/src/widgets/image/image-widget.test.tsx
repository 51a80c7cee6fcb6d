import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ImageWidget } from './image-widget';

describe('ImageWidget', () => {
  it('shows a picture from a safe URL with its alt text and caption', () => {
    render(
      <ImageWidget
        title="Org chart"
        src="https://cdn.example/org.png"
        alt="Security team structure"
        caption="As of May"
      />,
    );
    expect(screen.getByRole('img', { name: 'Security team structure' })).toHaveAttribute(
      'src',
      'https://cdn.example/org.png',
    );
    expect(screen.getByText('As of May')).toBeInTheDocument();
  });

  it.each([
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
    'vbscript:x',
  ])('refuses %j and loads nothing', (src) => {
    const { container } = render(<ImageWidget src={src} alt="x" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('This image address is not allowed');
  });

  it.each([
    ['""', ''],
    ['null', null],
    ['undefined', undefined],
  ])(
    'refuses an unsafe URL whatever the error prop holds (error=%s), and says it was refused',
    (_, error) => {
      const { container } = render(
        <ImageWidget title="Logo" src="javascript:alert(1)" alt="Logo" error={error} />,
      );
      expect(container.querySelector('img')).toBeNull();
      const alert = screen.getByRole('alert');
      expect(alert).toHaveTextContent('Image refused.');
      expect(alert).toHaveTextContent('This image address is not allowed');
      expect(alert).not.toHaveTextContent(/could not (be )?load/i);
    },
  );

  it('reports a refused URL as refused even when the host also passes an error', () => {
    const { container } = render(<ImageWidget src="vbscript:x" alt="x" error="Network down" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('Image refused.');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Could not load');
  });

  it('shows the refusal with its icon, a message and the reason', () => {
    render(<ImageWidget title="Logo" src="javascript:alert(1)" alt="Logo" />);
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('svg.arion-state-icon')).not.toBeNull();
    expect(alert.querySelector('.arion-state-message')).toHaveTextContent('Image refused.');
    expect(alert.querySelector('.arion-state-detail')).toHaveTextContent('This image address is not allowed');
  });

  it.each(['', '   '])('shows the empty state, not a refusal, for the source %j', (src) => {
    const { container } = render(<ImageWidget title="Logo" src={src} alt="Logo" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('No image yet.');
  });

  it("shows the host's error for a safe URL", () => {
    const { container } = render(<ImageWidget src="/a.png" alt="x" error="Network down" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not load this widget.Network down');
  });

  it('refuses a picture without alt text', () => {
    const { container } = render(<ImageWidget src="/a.png" alt=" " />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('has no alternative text');
  });

  it('shows an error with Retry when the picture fails to load, and tries again', async () => {
    const { container } = render(<ImageWidget src="/missing.png" alt="Chart" />);
    fireEvent.error(container.querySelector('img')!);
    expect(screen.getByRole('alert')).toHaveTextContent('The image could not be loaded.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByRole('img', { name: 'Chart' })).toBeInTheDocument();
  });
});
