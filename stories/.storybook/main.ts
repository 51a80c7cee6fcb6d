import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions } from 'vite';

/** Workspace packages resolve to their `src/` through this export condition (no build needed). */
const SOURCE_CONDITION = '@arion-metrics/source';

const config: StorybookConfig = {
  stories: ['../**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = [SOURCE_CONDITION, ...defaultClientConditions];
    return viteConfig;
  },
};

export default config;
