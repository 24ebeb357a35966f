// Lint: TypeScript rules, and the line the design holds: the core never imports a platform SDK.
import tseslint from 'typescript-eslint';

const platformSdks = {
  paths: [
    { name: 'discord.js', message: 'The core stays platform-neutral: only adapters/discord may import discord.js.' },
    { name: '@slack/bolt', message: 'The core stays platform-neutral: only adapters/slack may import @slack/bolt.' },
  ],
  patterns: [
    { group: ['@slack/*', '@discordjs/*', 'discord-api-types', 'discord-api-types/*'], message: 'Platform packages belong in adapters/.' },
    { group: ['**/adapters/**'], message: 'The core must not depend on adapters; they depend on it.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', platformSdks] },
  },
);
