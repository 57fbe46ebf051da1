// VS Code client for the mops language server (`mopsc lsp`, CLI.md "Editor").
//
// The server speaks LSP over stdio; this file only starts it with the command
// from the `mops.server.path` setting and hands it the `.mops` documents.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration('mops');
  const command = config.get('server.path') || 'mopsc';
  const extraArgs = config.get('server.extraArgs') || [];
  const executable = {
    command,
    args: ['lsp', ...extraArgs],
    transport: TransportKind.stdio,
  };
  return { run: executable, debug: executable };
}

/** @param {vscode.FileSystemWatcher[]} watchers */
function clientOptions(watchers) {
  return {
    documentSelector: [{ scheme: 'file', language: 'mops' }],
    synchronize: {
      configurationSection: 'mops',
      fileEvents: watchers,
    },
    outputChannelName: 'mops language server',
  };
}

async function startClient(watchers) {
  client = new LanguageClient('mops', 'mops language server', serverOptions(), clientOptions(watchers));
  try {
    await client.start();
  } catch (err) {
    const command = vscode.workspace.getConfiguration('mops').get('server.path') || 'mopsc';
    vscode.window.showErrorMessage(
      `mops: could not start the language server \`${command} lsp\` (${err && err.message ? err.message : err}). ` +
        'Install mopsc (`cargo install --path .` in the mopsc repository) or set `mops.server.path`.'
    );
  }
  return client;
}

async function stopClient() {
  if (!client) return;
  const c = client;
  client = undefined;
  try {
    await c.stop();
  } catch (_) {
    // The server may already be gone (e.g. it failed to start).
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  // Created once and shared across server restarts.
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.mops'),
    vscode.workspace.createFileSystemWatcher('**/mops.toml'),
  ];
  context.subscriptions.push(
    ...watchers,
    vscode.commands.registerCommand('mops.restartServer', async () => {
      await stopClient();
      await startClient(watchers);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('mops.server')) {
        await stopClient();
        await startClient(watchers);
      }
    })
  );
  await startClient(watchers);
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
