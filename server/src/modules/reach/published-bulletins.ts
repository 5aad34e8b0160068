import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Bulletin } from '../bulletins/bulletin.entity';
import { BulletinScope } from '../bulletins/bulletin-scope';
import { BulletinTarget } from '../bulletins/bulletin-target.entity';

export interface PublishedBulletin extends BulletinScope {
  id: number;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

// The scope of published bulletins, cached in memory: a published bulletin never changes, and every
// open of a card asks for it. Unpublished or unknown ids are not cached (one may be published any
// moment); concurrent first asks share one load.
@Injectable()
export class PublishedBulletins {
  private readonly cache = new Map<number, { until: number; value: Promise<PublishedBulletin | null> }>();

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async get(id: number): Promise<PublishedBulletin | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.value;
    const entry = { until: Date.now() + TTL_MS, value: this.load(id) };
    this.cache.delete(id);
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(id, entry);
    try {
      const value = await entry.value;
      if (!value && this.cache.get(id) === entry) this.cache.delete(id);
      return value;
    } catch (err) {
      if (this.cache.get(id) === entry) this.cache.delete(id);
      throw err;
    }
  }

  private async load(id: number): Promise<PublishedBulletin | null> {
    const b = await this.ds.getRepository(Bulletin).findOne({
      where: { id, status: 'published' },
      select: { id: true, townId: true, townPath: true, scopeKind: true },
    });
    if (!b) return null;
    const scopeKind = b.scopeKind === 'nodes' ? 'nodes' : 'town';
    const targets =
      scopeKind === 'nodes' ? await this.ds.getRepository(BulletinTarget).find({ where: { bulletinId: id }, select: { id: true, nodePath: true } }) : [];
    return { id: b.id, townId: b.townId, townPath: b.townPath, scopeKind, targetPaths: targets.map((t) => t.nodePath) };
  }
}
