import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A WeChat group registered at an org node. WeChat tells the server only the group's opengid (stable
// per mini program); the name is typed by the cadre who bound it.
@Entity('wechat_group')
@Index('UQ_wechat_group_opengid', ['opengid'], { unique: true })
@Index('IDX_wechat_group_nodePath', ['nodePath'])
@Index('IDX_wechat_group_nodeId', ['nodeId'])
export class WechatGroup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  opengid: string;

  @Column({ type: 'int' })
  nodeId: number;

  @Column({ type: 'varchar', length: 255, charset: 'ascii' })
  nodePath: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'int' })
  boundBy: number;

  @Column({ type: 'datetime' })
  boundAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
