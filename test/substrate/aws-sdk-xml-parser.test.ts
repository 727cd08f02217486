import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetRoleCommand, ListRolesCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { parseXML as sdkParseXML } from '@aws-sdk/xml-builder';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseXML } from '../../src/substrate/aws-sdk/xml-parser.js';
import { iamClient, ssmArn, startHarness, stsClient } from './sandbox/helpers.js';

// The build puts src/substrate/aws-sdk/xml-parser.ts in the place of the SDK's own XML parser
// (scripts/build.mjs). It must be the same function: the same tree for every document, the same
// error for every broken one. Compared here with the SDK's, on what the sandbox answers, on the
// corners of the grammar, and on generated documents, whole and cut or damaged.

/** A parser's answer: the tree and its key paths (which show a `__proto__` key), or the error message. */
function outcome(parse: (xml: string) => unknown, xml: string): unknown {
  try {
    const tree = parse(xml);
    return { tree: JSON.parse(JSON.stringify(tree)) as unknown, keys: keyPaths(tree) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Every own key path, in order: JSON.stringify alone would hide a `__proto__` key's position. */
function keyPaths(v: unknown, at = ''): string[] {
  if (v === null || typeof v !== 'object') return [`${at}=${JSON.stringify(v)}`];
  return Object.keys(v).flatMap((k) => [`${at}/${k}`, ...keyPaths((v as Record<string, unknown>)[k], `${at}/${k}`)]);
}

const same = (xml: string) => expect(outcome(parseXML, xml), xml).toEqual(outcome(sdkParseXML, xml));

const CORNERS = [
  '<a/>',
  '<a></a>',
  '<a>text</a>',
  '<a>  </a>',
  '<a>\n  </a>',
  '<a>\r\n</a>',
  '<a>x\r\ny\rz</a>',
  '<a><b>1</b><b>2</b><b>3</b><c/></a>',
  '<a>t1<b/>t2<b>x</b>  <!-- c --> t3</a>',
  '<a>\n  <b>1</b>\n  <b/>\n</a>',
  '<a x="1" y=\'2\'>v</a>',
  '<a x="1"/>',
  '<a x = "1" y="&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&unknown;&constructor;"><b/></a>',
  '<a x=1/>',
  '<a x="1>',
  '<a x=/>',
  '<a ?>',
  '<a x="1" x="2"><x>c</x></a>',
  '<a __proto__="p"><__proto__>q</__proto__><b/></a>',
  '<__proto__>v</__proto__>',
  '<a __proto__="p"><b/></a>',
  '<a __proto__="p">t</a>',
  '<a>x\ny<b/>\n  <c/>z\n</a>',
  '<a><![CDATA[<not>&amp;</not>]]></a>',
  '<a>one<![CDATA[ two ]]>three</a>',
  '<a><?pi stuff?>x</a>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<a>x</a>',
  '<!-- lead -->\n<a>x</a>',
  '<!DOCTYPE a [<!ELEMENT a (#PCDATA)>]><a>x</a>',
  '<!doctype a><a>x</a>',
  '<!DOCTYPE a [ [ ] ><a/>',
  '<!DOCTYPE a',
  '<!-- ] --><!DOCTYPE a><a/>',
  '<!-- x --><!DOCTYPE a><a/>',
  '',
  '   ',
  'text',
  '<a>',
  '<a><b></a>',
  '<a></b>',
  '<a></a >',
  '<a></ a>',
  '<a>x</a>trailing',
  '<a x="1"',
  '<a x="1" ',
  '<a x=',
  '<a/',
  '<a/ >',
  '<a><!-- unclosed</a>',
  '<a><![CDATA[unclosed</a>',
  '<a><?unclosed</a>',
  '<a>&#x1F600;&#128512;&#0;&#xFFFFFF;&#99999999;</a>',
  '<a>é ü 漢字 😀</a>',
  '<İ>x</İ>',
  '<!DOCTYPE İİİİ><a/>',
];

describe("gatewalk's XML parser is the SDK's", () => {
  it.each(CORNERS.map((xml) => [JSON.stringify(xml), xml]))('%s', (_name, xml) => same(xml));

  it("on the sandbox's own answers: STS, GetRole, ListRoles, SimulatePrincipalPolicy (allowed, denied), errors", async () => {
    const h = await startHarness();
    try {
      // Every answer's raw text, teed off below the SDK (which, run from sources, parses with its own parser).
      const bodies: string[] = [];
      const tee = (client: { config: { requestHandler: unknown } }) => {
        const handler = client.config.requestHandler as { handle: (...a: unknown[]) => Promise<{ response: { body: unknown } }> };
        const handle = handler.handle.bind(handler);
        handler.handle = async (...a: unknown[]) => {
          const out = await handle(...a);
          const chunks: Buffer[] = [];
          for await (const c of out.response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
          bodies.push(Buffer.concat(chunks).toString('utf8'));
          out.response.body = Readable.from([Buffer.concat(chunks)]);
          return out;
        };
      };
      const iam = iamClient(h.server);
      const sts = stsClient(h.server);
      tee(iam as never);
      tee(sts as never);
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toMatch(/^\d{12}$/);
      const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
      expect(roles.length).toBeGreaterThan(0);
      for (const r of roles) {
        expect((await iam.send(new GetRoleCommand({ RoleName: r.RoleName! }))).Role!.Arn).toBe(r.Arn);
        const sim = await iam.send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: r.Arn!,
            ActionNames: ['ssm:GetParameter', 'ssm:PutParameter'],
            ResourceArns: [ssmArn('/fraud-platform/dev_min/db/user'), ssmArn('/fraud-platform/dev_min/ig/api_key')],
          }),
        );
        expect(sim.EvaluationResults?.length).toBeGreaterThanOrEqual(2);
      }
      await expect(iam.send(new GetRoleCommand({ RoleName: 'no-such-role' }))).rejects.toThrow();
      expect(bodies.length).toBe(2 + 2 * roles.length + 1);
      expect(bodies.some((b) => b.includes('<EvalDecision>allowed</EvalDecision>'))).toBe(true);
      for (const b of bodies) same(b);
    } finally {
      await h.close();
    }
  });

  it('on generated documents, whole, cut short and damaged', () => {
    let seed = 0x5eed;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
    const NAMES = ['a', 'Member', 'member', 'EvalDecision', '__proto__', 'x-y', 'ns:tag', 'İd'];
    const TEXTS = ['', ' ', '\n', '\r\n  ', 'v', 'a &amp; b', '&lt;x&gt;', '&#65;', '&bogus;', 'é😀', ' 12 '];
    const ws = () => pick(['', ' ', '\n', '\t', '\r\n ']);
    const attr = () =>
      `${ws()} ${pick(NAMES)}${ws()}=${ws()}${pick(['"', "'"])}${pick(TEXTS).replace(/["']/g, '')}${'"'}`.replace(/'([^']*)"$/, "'$1'");
    const element = (depth: number): string => {
      const name = pick(NAMES);
      const attrs = rand(4) === 0 ? attr() : '';
      if (depth > 3 || rand(5) === 0) return `<${name}${attrs}${ws()}/>`;
      const kids = Array.from({ length: rand(4) }, () =>
        pick([() => element(depth + 1), () => pick(TEXTS), () => `<![CDATA[${pick(TEXTS)}]]>`, () => '<!-- c -->', () => '<?p q?>'])(),
      );
      return `<${name}${attrs}>${kids.join(ws())}</${name}${pick(['', ' '])}>`;
    };
    for (let n = 0; n < 400; n++) {
      const doc = `${pick(['', '<?xml version="1.0"?>', '<!-- h -->', '<!DOCTYPE r [x]>'])}${ws()}${element(0)}${ws()}`;
      same(doc);
      same(doc.slice(0, rand(doc.length + 1))); // cut short
      const at = rand(doc.length);
      same(doc.slice(0, at) + pick(['<', '>', '/', '"', '&', ']]>', '--', '=']) + doc.slice(at)); // damaged
      same(doc.slice(0, at) + doc.slice(at + 1 + rand(4))); // a few characters gone
    }
  });
});
