// prepareNamespace's answers to a server that refuses or is slow, with a stub connection (the real
// servers are in the cluster test, tests/cluster/, and every dev-server test).
import type { Connection } from '@temporalio/client';
import { NamespaceRightsError, prepareNamespace } from '../../ops/namespace';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const grpc = (code: number, message: string) => Object.assign(new Error(message), { code });

function stub(overrides: {
  describe?: () => Promise<unknown>;
  register?: () => Promise<unknown>;
  list?: () => Promise<unknown>;
}): Connection {
  return {
    workflowService: {
      describeNamespace:
        overrides.describe ??
        (() => Promise.resolve({ config: { workflowExecutionRetentionTtl: { seconds: 10 ** 9 } } })),
      registerNamespace: overrides.register ?? (() => Promise.resolve({})),
      updateNamespace: () => Promise.resolve({}),
    },
    operatorService: {
      listSearchAttributes:
        overrides.list ??
        (() => Promise.resolve({ customAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((k) => [k.name, 1])) })),
      addSearchAttributes: () => Promise.resolve({}),
    },
  } as unknown as Connection;
}

describe('prepareNamespace', () => {
  it('says in one line what to run instead when the credentials may not register the namespace (Temporal Cloud)', async () => {
    const connection = stub({
      describe: () => Promise.reject(grpc(5, 'Namespace isf is not found.')),
      register: () => Promise.reject(grpc(7, 'Request unauthorized.')),
    });
    const refused = prepareNamespace(connection, 'isf');
    await expect(refused).rejects.toBeInstanceOf(NamespaceRightsError);
    await expect(refused).rejects.toThrow(
      /^cannot register namespace isf with these credentials \(permission denied\): have someone with the rights run `isf namespace setup` against it .*then npm start again$/,
    );
  });

  it('waits for a namespace just registered to be served, as a real server needs a few seconds', async () => {
    let described = 0;
    let listed = 0;
    const connection = stub({
      describe: () =>
        described++ === 0
          ? Promise.reject(grpc(5, 'not found'))
          : Promise.resolve({ config: { workflowExecutionRetentionTtl: { seconds: 10 ** 9 } } }),
      list: () =>
        listed++ < 2
          ? Promise.reject(grpc(5, 'Namespace isf is not found.'))
          : Promise.resolve({ customAttributes: {} }),
    });
    expect(await prepareNamespace(connection, 'isf')).toEqual(SEARCH_ATTRIBUTES.map((k) => k.name));
    expect(listed).toBe(3);
  });

  it("gives up with the server's answer when the namespace never appears", async () => {
    const connection = stub({ list: () => Promise.reject(grpc(5, 'Namespace isf is not found.')) });
    await expect(prepareNamespace(connection, 'isf', { visibleWithinMs: 600 })).rejects.toThrow(
      'Namespace isf is not found.',
    );
  });
});
