import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitFirstClause, splitSentences } from '../../src/text/sentences.ts';

const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['one sentence', 'Hello world.', ['Hello world.']],
  ['two sentences', 'Hello world. How are you?', ['Hello world.', 'How are you?']],
  ['no final punctuation', 'hello there', ['hello there']],
  ['exclamation and question', 'Stop! Why? Because.', ['Stop!', 'Why?', 'Because.']],
  ['interrobang', 'Really?! Yes.', ['Really?!', 'Yes.']],
  ['Dr. title', 'Dr. Smith is here. He is late.', ['Dr. Smith is here.', 'He is late.']],
  ['Mr. and Mrs.', 'Mr. and Mrs. Jones came. They left.', ['Mr. and Mrs. Jones came.', 'They left.']],
  ['Prof. and St.', 'Prof. Lee lives on St. James Street. Nice.', ['Prof. Lee lives on St. James Street.', 'Nice.']],
  ['e.g. mid sentence', 'Fruit, e.g. apples, is good. Eat it.', ['Fruit, e.g. apples, is good.', 'Eat it.']],
  ['e.g. before a capital', 'Use a tool, e.g. Python. It helps.', ['Use a tool, e.g. Python.', 'It helps.']],
  ['i.e.', 'The best one, i.e. the red one, won.', ['The best one, i.e. the red one, won.']],
  ['vs.', 'Cats vs. Dogs is a film. Watch it.', ['Cats vs. Dogs is a film.', 'Watch it.']],
  ['etc. then lowercase', 'Apples, pears, etc. are fruit.', ['Apples, pears, etc. are fruit.']],
  ['etc. at sentence end', 'Apples, pears, etc. Then we left.', ['Apples, pears, etc.', 'Then we left.']],
  ['U.S. then lowercase', 'The U.S. army marched.', ['The U.S. army marched.']],
  ['U.S. at sentence end', 'I live in the U.S. It is big.', ['I live in the U.S.', 'It is big.']],
  ['a.m. mid sentence', 'At 10 a.m. we eat.', ['At 10 a.m. we eat.']],
  ['a.m. at sentence end', 'We met at 10 a.m. Then we ate.', ['We met at 10 a.m.', 'Then we ate.']],
  ['initials', 'J. R. R. Tolkien wrote books. Read them.', ['J. R. R. Tolkien wrote books.', 'Read them.']],
  ['middle initial', 'George W. Bush spoke. We listened.', ['George W. Bush spoke.', 'We listened.']],
  ['single letter that ends a sentence', 'I took vitamin C. It helped.', ['I took vitamin C.', 'It helped.']],
  ['No. with a number', 'No. 5 won. I said no. Then I left.', ['No. 5 won.', 'I said no.', 'Then I left.']],
  ['Jan. with a day', 'It was Jan. 5 at noon. Cold.', ['It was Jan. 5 at noon.', 'Cold.']],
  ['decimal', 'Pi is 3.14 roughly. Yes.', ['Pi is 3.14 roughly.', 'Yes.']],
  ['money with cents', 'It costs $3.50 now. Buy it.', ['It costs $3.50 now.', 'Buy it.']],
  ['time', 'Meet at 10:30. Be on time.', ['Meet at 10:30.', 'Be on time.']],
  ['URL with query', 'Visit https://example.com/a?b=1&c=2. Then go.', ['Visit https://example.com/a?b=1&c=2.', 'Then go.']],
  ['URL with dots', 'See www.example.co.uk/page.html for more. Thanks.', ['See www.example.co.uk/page.html for more.', 'Thanks.']],
  ['file name', 'Open report.final.pdf now. Done.', ['Open report.final.pdf now.', 'Done.']],
  ['ellipsis then lowercase', 'Wait... what happened? Tell me.', ['Wait... what happened?', 'Tell me.']],
  ['ellipsis then capital', 'I wonder... Maybe not.', ['I wonder...', 'Maybe not.']],
  ['unicode ellipsis', 'Hmm… Okay then.', ['Hmm…', 'Okay then.']],
  ['quoted sentence', 'He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
  ['closing bracket', 'It works (mostly.) Try it.', ['It works (mostly.)', 'Try it.']],
  ['emoji inside', 'Hello 👋 world. 🎉 Party time!', ['Hello 👋 world.', '🎉 Party time!']],
  ['emoji only', '👍', ['👍']],
  ['Chinese', '你好。世界！真的吗？', ['你好。', '世界！', '真的吗？']],
  ['Japanese', 'こんにちは。元気ですか？', ['こんにちは。', '元気ですか？']],
  ['Hindi danda', 'नमस्ते। आप कैसे हैं?', ['नमस्ते।', 'आप कैसे हैं?']],
  ['Russian', 'Привет. Как дела?', ['Привет.', 'Как дела?']],
  ['Arabic question mark', 'مرحبا. كيف حالك؟', ['مرحبا.', 'كيف حالك؟']],
  ['line breaks end sentences', 'first line\nsecond line', ['first line', 'second line']],
  ['blank lines and CRLF', 'one\r\n\r\ntwo\n\n\nthree', ['one', 'two', 'three']],
  ['extra spaces collapse', '  Hello    there.   Bye.  ', ['Hello there.', 'Bye.']],
  ['tabs and control characters', 'Hello\tthere\u0007.', ['Hello there.']],
  ['empty', '', []],
  ['whitespace only', ' \n\t ', []],
];

describe('splitSentences', () => {
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(splitSentences(input), expected));
  }

  it('has at least 40 table cases', () => assert.ok(cases.length >= 40));

  it('cuts a long sentence without punctuation at word boundaries', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    const pieces = splitSentences(words.join(' '), 'en', { maxLength: 80 });
    assert.ok(pieces.length > 1);
    for (const piece of pieces) assert.ok(piece.length <= 80, `${piece.length} > 80`);
    // No word is cut in half and nothing is lost.
    assert.deepEqual(pieces.join(' ').split(' '), words);
  });

  it('prefers a comma to a space when cutting a long sentence', () => {
    const text = `${'alpha '.repeat(8)}beta, ${'gamma '.repeat(8)}delta`;
    const pieces = splitSentences(text, 'en', { maxLength: 70 });
    assert.ok(pieces[0].endsWith('beta,'), pieces[0]);
  });

  it('cuts text without spaces (Chinese) without losing characters', () => {
    const text = '我们今天去公园散步然后去吃饭'.repeat(10);
    const pieces = splitSentences(text, 'zh', { maxLength: 30 });
    assert.ok(pieces.length >= 5);
    for (const piece of pieces) assert.ok(piece.length <= 30);
    assert.equal(pieces.join(''), text);
  });

  it('never splits a surrogate pair when cutting hard', () => {
    const text = '😀'.repeat(50);
    const pieces = splitSentences(text, 'en', { maxLength: 7 });
    assert.equal(pieces.join(''), text);
    for (const piece of pieces) assert.doesNotMatch(piece, /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/u);
  });

  it('accepts a language that is no BCP-47 tag', () => {
    assert.deepEqual(splitSentences('One. Two.', 'not a language!'), ['One.', 'Two.']);
  });

  it('rejects a nonsensical maxLength', () => {
    assert.throws(() => splitSentences('x', 'en', { maxLength: 0 }), RangeError);
  });
});

describe('splitFirstClause', () => {
  const clauseCases: ReadonlyArray<readonly [string, readonly [string, string]]> = [
    ['Hello there, how are you doing today?', ['Hello there,', 'how are you doing today?']],
    ['Well; that was a long day for all of us.', ['Well; that was a long day for all of us.', '']],
    ['As I said yesterday: the plan is fine.', ['As I said yesterday:', 'the plan is fine.']],
    ['First things first; then the rest follows.', ['First things first;', 'then the rest follows.']],
    ['Hi, Bob, how are you doing today?', ['Hi, Bob, how are you doing today?', '']],
    ['No punctuation at all in this one', ['No punctuation at all in this one', '']],
    ['It costs 1,000 dollars, which is a lot.', ['It costs 1,000 dollars,', 'which is a lot.']],
    ['Ends with a comma right here,', ['Ends with a comma right here,', '']],
    ['他说，我们今天去公园散步吧。', ['他说，我们今天去公园散步吧。', '']],
  ];
  for (const [input, expected] of clauseCases) {
    it(JSON.stringify(input), () => assert.deepEqual(splitFirstClause(input), expected));
  }

  it('honours minLength', () => {
    assert.deepEqual(splitFirstClause('Hi, Bob, how are you?', { minLength: 3 }), ['Hi,', 'Bob, how are you?']);
    assert.deepEqual(splitFirstClause('他说，我们今天去公园散步吧。', { minLength: 2 }), ['他说，', '我们今天去公园散步吧。']);
  });

  it('cuts at a space before maxLength when there is no clause punctuation', () => {
    const [first, rest] = splitFirstClause('one two three four five six seven eight nine ten', { maxLength: 20 });
    assert.ok(first.length <= 20 && first.length >= 12, first);
    assert.equal(`${first} ${rest}`, 'one two three four five six seven eight nine ten');
  });
});
