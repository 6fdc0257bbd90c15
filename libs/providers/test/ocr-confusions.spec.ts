import { fixCapitalConfusions } from '../src/local/vision/text/text-lines';

describe('fixCapitalConfusions', () => {
  it('reads I and O back in words of capitals', () => {
    expect(fixCapitalConfusions('INVOlCE 1NV-2041 total due')).toBe('INVOICE INV-2041 total due');
    expect(fixCapitalConfusions('B0X OFFlCE')).toBe('BOX OFFICE');
  });

  it('leaves ordinary words, numbers and codes with digits alone', () => {
    for (const text of ['Hello world', 'all 100 files', 'COVID19', 'A1 B12', 'Il Duomo', 'MP3 2041', 'iPhone 13']) {
      expect(fixCapitalConfusions(text)).toBe(text);
    }
  });
});
