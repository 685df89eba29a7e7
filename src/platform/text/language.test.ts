import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('reads Chinese questions as zh, English identifiers and code included', () => {
    assert.equal(
      detectLanguage(
        'TiCDC 的 gc-ttl 是什么？',
        'gc-ttl 是 TiCDC 在 PD 设置的服务级别 GC safepoint 的 TTL 时长。',
      ),
      'zh',
    );
    assert.equal(
      detectLanguage(
        '集群部署期间，TiUP 收到报错 ssh: handshake failed: read tcp connection reset by peer',
        '',
      ),
      'zh',
    );
    assert.equal(detectLanguage('如何在 React 中使用 useEffect', 'const x = useEffect(() => {}, []);'), 'zh');
  });

  it('reads English questions as en, a quoted Chinese string included', () => {
    assert.equal(detectLanguage('What is "backprop"?', 'What does "backprop" mean?'), 'en');
    assert.equal(
      detectLanguage(
        'How do I print 中文字符 in a Windows terminal?',
        'When I print the string the console shows question marks instead of the characters.',
      ),
      'en',
    );
    assert.equal(detectLanguage('', ''), 'en');
    assert.equal(detectLanguage('1234', '$$x^2$$'), 'en');
  });
});
