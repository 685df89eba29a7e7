import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { absolutizeDocLinks, tidyTranslatedMarkdown } from './zh.mapping.js';

describe('tidyTranslatedMarkdown', () => {
  test('gives "##标题" its space, but not inside code', () => {
    assert.equal(
      tidyTranslatedMarkdown('###回答1：\n文本\n```c\n#include <stdio.h>\n```\n#标签'),
      '### 回答1：\n文本\n```c\n#include <stdio.h>\n```\n# 标签',
    );
  });

  test('a question drops its leading headings, unless they are all there is', () => {
    const opts = { dropLeadingHeadings: true };
    assert.equal(tidyTranslatedMarkdown('##标题\n\n###问题\n正文', opts), '正文');
    assert.equal(tidyTranslatedMarkdown('## 标题\n\n### 问：怎么写文件', opts), '问：怎么写文件');
    assert.equal(tidyTranslatedMarkdown('## 只有标题？', opts), '只有标题？');
  });
});

describe('absolutizeDocLinks', () => {
  const page = 'https://github.com/pingcap/docs-cn/blob/ae9ab0f/tiup/tiup-faq.md';

  test('root-relative, relative and anchor links point at GitHub; images get ?raw=true', () => {
    assert.equal(
      absolutizeDocLinks(
        '[a](/tso.md#x) [b](other.md) [c](#anchor) ![i](/media/x.png) [d](https://pingcap.com)',
        page,
      ),
      '[a](https://github.com/pingcap/docs-cn/blob/ae9ab0f/tso.md#x) ' +
        '[b](https://github.com/pingcap/docs-cn/blob/ae9ab0f/tiup/other.md) ' +
        '[c](https://github.com/pingcap/docs-cn/blob/ae9ab0f/tiup/tiup-faq.md#anchor) ' +
        '![i](https://github.com/pingcap/docs-cn/blob/ae9ab0f/media/x.png?raw=true) ' +
        '[d](https://pingcap.com)',
    );
  });

  test('leaves code alone', () => {
    const code = '```\n[a](/tso.md)\n```';
    assert.equal(absolutizeDocLinks(code, page), code);
  });
});
