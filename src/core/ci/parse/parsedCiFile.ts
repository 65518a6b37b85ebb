import type { Document, LineCounter } from 'yaml';
import type { Diagnostic } from '../../diagnostic';
import type { CiNode } from '../model/ciNode';
import { isMap } from '../model/ciNode';
import type { FileMemo } from '../model/memo';
import type { BlockRecords } from './blockSubset/blockReuse';
import type { AliasSite, AnchorSite } from './yamlToNode';

/** One CI file parsed with positions. */
export interface ParsedCiFile {
  readonly path: string;
  readonly text: string;
  /** The configuration document (after an optional `spec:` header), or undefined when the file is empty. */
  readonly config?: CiNode;
  /** The `spec:` header document's `spec` value, when the file has one. */
  readonly spec?: CiNode;
  /** The whole header document (a mapping holding `spec`), when the file has one. */
  readonly header?: CiNode;
  /** The yaml documents, for editor features that walk the syntax tree. */
  readonly documents: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
  readonly anchors: readonly AnchorSite[];
  readonly aliases: readonly AliasSite[];
  /** Values alias expansion produced while reading this file (absent: none). */
  readonly expanded?: number;
  /** Syntax problems, duplicate keys and alias/depth limits, all in this file. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * What later stages derived from this file's nodes, reused while the file is unchanged. Each
   * stage keeps its own table in it; parsing only creates it (sharing the previous version's).
   */
  readonly memo?: FileMemo;
  /** How the block-subset reader read this version's top-level entries, so the next version re-reads only changed ones. */
  readonly blocks?: BlockRecords;
}

/** A first document that is a mapping of `spec` alone is a header (inputs), and the configuration follows it. */
export function isSpecHeader(node: CiNode): boolean {
  return isMap(node) && node.entries.size === 1 && node.entries.has('spec');
}
