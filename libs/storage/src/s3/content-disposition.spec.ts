import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('gives a plain ASCII name in both forms', () => {
    expect(attachmentDisposition('holiday.jpg')).toBe(
      `attachment; filename="holiday.jpg"; filename*=UTF-8''holiday.jpg`,
    );
  });

  it('keeps non-ASCII exact in filename* and replaces it in the quoted fallback', () => {
    expect(attachmentDisposition('Été à Zürich.jpg')).toBe(
      `attachment; filename="_t_ _ Z_rich.jpg"; filename*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Z%C3%BCrich.jpg`,
    );
  });

  it('cannot be used to break out of the quoted string or add a header', () => {
    const disposition = attachmentDisposition('a"; filename="evil.exe\r\nSet-Cookie: x=1\\.jpg');
    expect(disposition).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)";/.exec(disposition)?.[1];
    expect(quoted).toBe('a_; filename=_evil.exe__Set-Cookie: x=1_.jpg');
    expect(disposition).toContain(
      `filename*=UTF-8''a%22%3B%20filename%3D%22evil.exe%0D%0ASet-Cookie%3A%20x%3D1%5C.jpg`,
    );
  });

  it("escapes the characters encodeURIComponent leaves but RFC 5987 forbids: ' ( ) *", () => {
    expect(attachmentDisposition("it's (1)*.png")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A.png`);
  });
});
