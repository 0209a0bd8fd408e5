/* global module */
// Import boundaries, checked by `npm run deps` (part of `npm test`). docs/architecture.md explains the folders.
//
// The data of one /say flows one way: discord -> playback -> generator -> audio. A folder may import the folders
// downstream of it and the leaves; nothing imports upstream. The table below is the whole rule: each src/ folder with
// the src/ folders it may import besides itself. Every other arrow between src/ folders is an error.

/** src/ folder -> the src/ folders it may import. */
const mayImport = {
  // Leaves: plain values and helpers everybody may use. limits and logging know nothing else of the bot.
  limits: [],
  logging: [],
  config: ['limits', 'logging'],
  // Pure text processing: no client, no engine, no storage.
  text: ['limits'],
  // Settings persistence: knows no Discord client and no voice.
  storage: ['limits', 'logging', 'config'],
  health: ['limits', 'logging', 'config'],
  models: ['limits', 'logging', 'config'],
  audio: ['limits', 'logging', 'config'],
  generator: ['audio', 'text', 'models', 'limits', 'logging', 'config'],
  playback: ['generator', 'audio', 'text', 'limits', 'logging', 'config'],
  discord: ['commands', 'playback', 'generator', 'audio', 'text', 'storage', 'health', 'models', 'limits', 'logging', 'config'],
  // The top-level commands/ folder: the slash commands, part of the Discord layer.
  commands: ['discord', 'playback', 'generator', 'audio', 'text', 'storage', 'health', 'models', 'limits', 'logging', 'config'],
  sharding: ['limits', 'logging', 'config'],
  // Entry points at the top may import anything in src/.
  cli: null,
};

/** The engine folders under src/generator (builtInEngineNames in src/generator/pool/pool-config.ts). */
const engines = ['neural', 'flite', 'piper', 'kokoro', 'espeak'];
const bot = Object.keys(mayImport).filter((folder) => folder !== 'commands');
/** Where a folder of the table lives: commands/ at the top, every other one under src/. */
const where = (folder) => (folder === 'commands' ? 'commands/' : `src/${folder}/`);
const folderRules = Object.entries(mayImport)
  .filter(([, allowed]) => allowed !== null)
  .map(([folder, allowed]) => ({
    name: `flow-${folder}`,
    comment: `${where(folder)} may import only ${allowed.length > 0 ? allowed.map(where).join(', ') : 'itself'} (one-way data flow).`,
    severity: 'error',
    from: { path: `^${where(folder)}` },
    to: {
      // Any other src/ folder, the top-level commands/ (Discord's slash commands), the tests and the benches.
      path: '^(src/[^/]+/|commands/|test/|bench/|models/)',
      pathNot: `^(${[folder, ...allowed].map(where).join('|')})`,
    },
  }));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide which part owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...folderRules,
    {
      name: 'engines-stand-alone',
      comment: 'An engine (src/generator/<engine>/) shares code through src/generator, never another engine\'s folder.',
      severity: 'error',
      from: { path: `^src/generator/(${engines.join('|')})/`, pathNot: '^src/generator/neural/' },
      to: { path: `^src/generator/(${engines.join('|')})/`, pathNot: '^src/generator/$1/' },
    },
    {
      name: 'neural-uses-only-flite-front-end',
      comment: 'The neural voice is flite\'s audio, resampled, through a vocoder: it may use flite\'s runner, not more.',
      severity: 'error',
      from: { path: '^src/generator/neural/' },
      to: {
        path: `^src/generator/(${engines.join('|')})/`,
        pathNot: ['^src/generator/neural/', '^src/generator/flite/(flite-wasi|flite-voices|speed)\\.ts$'],
      },
    },
    {
      name: 'no-unknown-src-folder',
      comment: 'A new src/ folder needs its place in .dependency-cruiser.cjs (mayImport) and docs/architecture.md.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${bot.join('|')})/` },
      to: {},
    },
    {
      name: 'text-is-pure',
      comment: 'src/text turns text into text: no Discord client, no voice, no database, no ONNX.',
      severity: 'error',
      from: { path: '^src/text/' },
      to: { path: '^node_modules/(discord\\.js|@discordjs|pg|onnxruntime-node|prism-media|pino)/' },
    },
    {
      name: 'storage-knows-no-client',
      comment: 'Settings storage must work without Discord: no discord.js, no @discordjs/voice.',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: '^node_modules/(discord\\.js|@discordjs)/' },
    },
    {
      name: 'discord-client-only-in-discord',
      comment: 'Only the Discord layer (src/discord, commands/), sharding and the entry points use the Discord client.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(discord|cli|sharding)/|^src/main\\.ts$' },
      to: { path: '^node_modules/discord\\.js/' },
    },
    {
      name: 'voice-connection-only-in-discord-and-playback',
      comment: 'The voice connection is driven by src/discord; src/playback hands it audio. Nothing below them knows it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(discord|playback|cli)/|^src/main\\.ts$' },
      to: { path: '^node_modules/@discordjs/voice/' },
    },
    {
      name: 'nothing-imports-tests-or-benches',
      comment: 'The bot must run without test/ and bench/.',
      severity: 'error',
      from: { path: '^(src|commands|models)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type is knowledge of the other side too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Slow and unused by the rules above.
    skipAnalysisNotInRules: true,
  },
};
