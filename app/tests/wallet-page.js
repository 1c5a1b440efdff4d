// The page side of the test wallet (wallet.ts): a Wallet Standard wallet that registers itself
// through the standard's events and forwards every signing request to Node, with Sign In With
// Solana when `signIn` is set.
({ name, address, publicKey, chains, signIn }) => {
  const sign = window.__medshareTestWallet;
  const account = Object.freeze({
    address,
    publicKey: new Uint8Array(publicKey),
    chains: Object.freeze(chains),
    features: Object.freeze(['solana:signTransaction', 'solana:signMessage', ...(signIn ? ['solana:signIn'] : [])]),
  });
  const listeners = new Set();
  let accounts = [];
  const setAccounts = (next) => {
    accounts = next;
    for (const listener of listeners) listener({ accounts });
  };
  const wallet = {
    version: '1.0.0',
    name,
    icon: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4=',
    chains,
    get accounts() {
      return accounts;
    },
    features: {
      'standard:connect': {
        version: '1.0.0',
        connect: async () => {
          setAccounts([account]);
          return { accounts };
        },
      },
      'standard:disconnect': { version: '1.0.0', disconnect: async () => setAccounts([]) },
      'standard:events': {
        version: '1.0.0',
        on: (event, listener) => {
          if (event !== 'change') return () => {};
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signTransaction: (...inputs) =>
          Promise.all(
            inputs.map(async ({ transaction }) => ({
              signedTransaction: new Uint8Array(await sign('transaction', Array.from(transaction))),
            })),
          ),
      },
      'solana:signMessage': {
        version: '1.0.0',
        signMessage: (...inputs) =>
          Promise.all(
            inputs.map(async ({ message }) => ({
              signedMessage: message,
              signature: new Uint8Array(await sign('message', Array.from(message))),
            })),
          ),
      },
    },
  };
  if (signIn) {
    wallet.features['solana:signIn'] = {
      version: '1.0.0',
      signIn: (...inputs) =>
        Promise.all(
          inputs.map(async (input) => {
            const { signedMessage, signature } = await sign('signIn', input);
            return { account, signedMessage: new Uint8Array(signedMessage), signature: new Uint8Array(signature) };
          }),
        ),
    };
  }
  const register = ({ register }) => register(wallet);
  window.addEventListener('wallet-standard:app-ready', (event) => register(event.detail));
  window.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: register }));
}
