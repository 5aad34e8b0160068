import { BulletinScope, groupInScope } from './bulletin-scope';

describe('bulletin scope', () => {
  const town: BulletinScope = { townId: 2, townPath: '/1/2/', scopeKind: 'town', targetPaths: [] };
  const two: BulletinScope = { townId: 2, townPath: '/1/2/', scopeKind: 'nodes', targetPaths: ['/1/2/3/', '/1/2/40/'] };

  it('a town-wide bulletin counts every group of the town and none elsewhere', () => {
    expect(groupInScope(town, { nodeId: 2, nodePath: '/1/2/' })).toBe(true);
    expect(groupInScope(town, { nodeId: 9, nodePath: '/1/2/3/9/' })).toBe(true);
    expect(groupInScope(town, { nodeId: 7, nodePath: '/1/7/' })).toBe(false);
    expect(groupInScope(town, { nodeId: 1, nodePath: '/1/' })).toBe(false);
  });

  it('a bulletin to chosen villages counts their subtrees and the town group only', () => {
    expect(groupInScope(two, { nodeId: 2, nodePath: '/1/2/' })).toBe(true);
    expect(groupInScope(two, { nodeId: 3, nodePath: '/1/2/3/' })).toBe(true);
    expect(groupInScope(two, { nodeId: 11, nodePath: '/1/2/3/11/' })).toBe(true);
    expect(groupInScope(two, { nodeId: 4, nodePath: '/1/2/4/' })).toBe(false);
    // '/1/2/40/' is a target; '/1/2/4/' is not, despite the shared prefix
    expect(groupInScope(two, { nodeId: 40, nodePath: '/1/2/40/' })).toBe(true);
  });
});
