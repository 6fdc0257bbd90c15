/**
 * Inflected forms that suffix rules cannot undo, mapped to their dictionary forms. The npm
 * WordNet ships without its exception lists, so the common English irregulars are listed here.
 */
const NOUNS = `children:child men:man women:woman people:person feet:foot teeth:tooth geese:goose
  mice:mouse lice:louse oxen:ox dice:die knives:knife wives:wife lives:life leaves:leaf loaves:loaf
  halves:half shelves:shelf wolves:wolf calves:calf selves:self thieves:thief sheaves:sheaf
  elves:elf scarves:scarf hooves:hoof wharves:wharf data:datum criteria:criterion phenomena:phenomenon
  cacti:cactus fungi:fungus nuclei:nucleus radii:radius stimuli:stimulus syllabi:syllabus
  alumni:alumnus analyses:analysis bases:basis crises:crisis diagnoses:diagnosis hypotheses:hypothesis
  oases:oasis parentheses:parenthesis theses:thesis appendices:appendix indices:index matrices:matrix
  vertices:vertex media:medium bacteria:bacterium curricula:curriculum memoranda:memorandum
  formulae:formula larvae:larva antennae:antenna vertebrae:vertebra grandchildren:grandchild
  policemen:policeman firemen:fireman fishermen:fisherman businessmen:businessman
  businesswomen:businesswoman gentlemen:gentleman congressmen:congressman salesmen:salesman
  spokesmen:spokesman chairmen:chairman snowmen:snowman craftsmen:craftsman sportsmen:sportsman
  freshmen:freshman mailmen:mailman postmen:postman workmen:workman horsemen:horseman`;

const VERBS = `was:be were:be been:be am:be is:be are:be had:have has:have did:do does:do done:do
  went:go gone:go goes:go made:make said:say saw:see seen:see took:take taken:take came:come
  knew:know known:know got:get gotten:get gave:give given:give found:find thought:think told:tell
  became:become left:leave felt:feel brought:bring began:begin begun:begin kept:keep held:hold
  wrote:write written:write stood:stand heard:hear meant:mean met:meet ran:run paid:pay sat:sit
  spoke:speak spoken:speak lay:lie lain:lie led:lead grew:grow grown:grow lost:lose fell:fall
  fallen:fall sent:send built:build understood:understand drew:draw drawn:draw broke:break
  broken:break spent:spend rose:rise risen:rise drove:drive driven:drive bought:buy wore:wear
  worn:wear chose:choose chosen:choose sought:seek threw:throw thrown:throw caught:catch
  dealt:deal won:win fought:fight taught:teach ate:eat eaten:eat sold:sell flew:fly flown:fly
  sang:sing sung:sing swam:swim swum:swim slept:sleep hung:hang shook:shake shaken:shake
  rode:ride ridden:ride hid:hide hidden:hide forgot:forget forgotten:forget froze:freeze
  frozen:freeze stole:steal stolen:steal woke:wake woken:wake bit:bite bitten:bite blew:blow
  blown:blow fed:feed fled:flee slid:slide struck:strike stuck:stick swung:swing wept:weep
  wound:wind dug:dig drank:drink drunk:drink rang:ring rung:ring shone:shine shot:shoot
  sank:sink sunk:sink spun:spin sprang:spring sprung:spring stank:stink stung:sting strove:strive
  swore:swear sworn:swear tore:tear torn:tear bent:bend bled:bleed bred:breed crept:creep
  dove:dive dreamt:dream fled:flee forgave:forgive forgiven:forgive knelt:kneel leapt:leap
  lent:lend lit:light meant:mean mistook:mistake overtook:overtake slung:sling smelt:smell
  sped:speed spelt:spell spilt:spill strode:stride undertook:undertake wove:weave woven:weave
  withdrew:withdraw withdrawn:withdraw arose:arise arisen:arise awoke:awake beheld:behold
  bore:bear borne:bear born:bear clung:cling foresaw:foresee foreseen:foresee forbade:forbid
  forbidden:forbid ground:grind misled:mislead outgrew:outgrow overcame:overcome oversaw:oversee
  rebuilt:rebuild retold:retell rewrote:rewrite rewritten:rewrite sewn:sew shrank:shrink
  shrunk:shrink slain:slay sown:sow strewn:strew strung:string swollen:swell trod:tread
  trodden:tread upheld:uphold withheld:withhold wrung:wring`;

const ADJECTIVES = `better:good best:good worse:bad worst:bad further:far farther:far furthest:far
  farthest:far elder:old eldest:old more:much most:much less:little least:little`;

function parse(table: string): [string, string][] {
  return table
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]);
}

/** Irregular form → dictionary forms (a form can have several: "left" is also an adjective). */
export const IRREGULAR_FORMS: ReadonlyMap<string, readonly string[]> = (() => {
  const forms = new Map<string, string[]>();
  for (const [form, base] of [...parse(NOUNS), ...parse(VERBS), ...parse(ADJECTIVES)]) {
    const bases = forms.get(form) ?? [];
    if (!bases.includes(base)) bases.push(base);
    forms.set(form, bases);
  }
  return forms;
})();
