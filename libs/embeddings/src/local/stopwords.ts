/**
 * English function words. They carry no topic, and several of them are also WordNet lemmas with
 * unrelated senses ("a" the vitamin, "it" the game, "us" the country), so they are dropped first.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although am among an and another any anybody
  anyone anything are around as at be became because been before being below beside besides between
  both but by can cannot could did do does doing done down during each either else enough etc even
  ever every few for from further get gets getting got had has have having he her here hers herself
  him himself his how however i if in inside into is it its itself just least less let like many may
  me might mine more most much must my myself near neither no nobody none nor not nothing now of off
  often on once one only onto or other others ought our ours ourselves out outside over own per
  perhaps quite rather really same shall she should since so some somebody someone something
  sometimes still such than that the their theirs them themselves then there these they this those
  though through thus till to too toward towards under until up upon us very via was we well were
  what whatever when whenever where whereas wherever whether which while who whoever whom whose why
  will with within without would yet you your yours yourself yourselves
  ain aren couldn didn doesn don hadn hasn haven isn mustn needn shan shouldn wasn weren won wouldn
  i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've we'd we'll they're
  they've they'd they'll that's there's here's what's who's let's can't won't don't doesn't didn't
  isn't aren't wasn't weren't hasn't haven't hadn't couldn't shouldn't wouldn't mustn't
  s t d ll m re ve o y oh uh um uhm er ah hmm okay ok yeah yes`.split(/\s+/),
);
