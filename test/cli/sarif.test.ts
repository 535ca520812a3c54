// `--format sarif` as a pure function over real analyses. Required fields from the OASIS SARIF 2.1.0
// specification (sections cited in server/src/cli/sarif.ts): sarifLog version/$schema/runs, run
// tool.driver (name, rules), result ruleId/level/message.text/locations[].physicalLocation with
// artifactLocation.uri and a 1-based region.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeText } from '../../server/src/analysis/analyze.js';
import type { Language } from '../../server/src/analysis/types.js';
import { pathToUri, SARIF_SCHEMA, toSarif } from '../../server/src/cli/sarif.js';
import type { FileReport } from '../../server/src/cli/report.js';
import { loadLanguages, sourceGrammarFiles, type Languages } from '../../server/src/parsing/languages.js';

let languages: Languages;
beforeAll(async () => {
  languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
});
const report = (file: string, language: Language, text: string): FileReport => ({ file, result: analyzeText(languages, language, text, {}) });

// Two 3×3 convs on 32×32, one padded (Caffe: (32 + 2 − 3) / 1 + 1 = 32) and one not (30): Eltwise
// rejects different shapes (eltwise_layer.cpp Reshape: CHECK bottom[i]->shape() == bottom[0]->shape()).
const ELTWISE = `input: "data"
input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }
layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
layer { name: "b" type: "Convolution" bottom: "data" top: "b" convolution_param { num_output: 8 kernel_size: 3 } }
layer { name: "sum" type: "Eltwise" bottom: "a" bottom: "b" top: "sum" }
`;

interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation { id?: number; physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion }; message?: { text: string } }
interface SarifLog {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; columnKind: string; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[] }[];
}

describe('a SARIF 2.1.0 log', () => {
  test('the seed Deconvolution2D (error at 7:65, README) and an Eltwise mismatch with the layer it comes from', () => {
    const log = toSarif(
      [report('examples/deconv_seed.py', 'python', readFileSync('examples/deconv_seed.py', 'utf8')), report('nets/sum.prototxt', 'prototxt', ELTWISE)],
      '1.2.3',
    ) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run!.tool.driver).toEqual({ name: 'Shape Lens', version: '1.2.3', rules: [{ id: 'deconv-output-shape' }, { id: 'eltwise-shape-mismatch' }] });
    expect(run!.columnKind).toBe('utf16CodeUnits');
    expect(run!.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([['deconv-output-shape', 0, 'error'], ['eltwise-shape-mismatch', 1, 'error']]);
    const [deconv, eltwise] = run!.results;
    expect(deconv!.message.text).toContain('it must be 55 or 56');
    expect(deconv!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'examples/deconv_seed.py' }, region: expect.objectContaining({ startLine: 7, startColumn: 65 }) } }]);
    expect(eltwise!.message.text).toBe("Eltwise needs identical shapes: 'a' is (1, 8, 32, 32) but 'b' is (1, 8, 30, 30)");
    expect(eltwise!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('nets/sum.prototxt');
    expect(eltwise!.locations[0]!.physicalLocation.region.startLine).toBe(5);
    expect(eltwise!.relatedLocations?.[0]).toMatchObject({ id: 0, physicalLocation: { region: { startLine: 3, startColumn: 1 } }, message: { text: "'a' (1, 8, 32, 32) comes from layer 'a'" } });
    for (const r of run!.results) {
      const { startLine, startColumn, endLine, endColumn } = r.locations[0]!.physicalLocation.region;
      expect(startLine >= 1 && startColumn >= 1 && (endLine > startLine || endColumn >= startColumn)).toBe(true);
    }
  });

  test('information notes are level "note"; no diagnostics is an empty results array', () => {
    const clean = toSarif([report('ok.prototxt', 'prototxt', 'input: "data"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n')], '0') as SarifLog;
    expect(clean.runs[0]!.results).toEqual([]);
    expect(clean.runs[0]!.tool.driver.rules).toEqual([]);
    // An LMDB Data layer without crop_size: the image size is unknown, an information note says how to give it.
    const data = 'layer { name: "d" type: "Data" top: "data" data_param { source: "x" batch_size: 4 } }\n';
    const notes = toSarif([report('lmdb.prototxt', 'prototxt', data)], '0') as SarifLog;
    expect(notes.runs[0]!.results.map((r) => [r.ruleId, r.level])).toEqual([['input-shape-unknown', 'note']]);
  });
});

test.each([
  ['examples/deconv_seed.py', 'examples/deconv_seed.py'],
  ['models\\my net.prototxt', 'models/my%20net.prototxt'],
  ['/home/ann/a#1.py', 'file:///home/ann/a%231.py'],
  ['C:\\work\\net.prototxt', 'file:///C:/work/net.prototxt'],
])('%s is the URI %s (relative paths stay relative)', (path, uri) => expect(pathToUri(path)).toBe(uri));
