"""The word list of the wordscapes family: about 2,400 common English words of 3 to 8 letters, lower case.

Written for logicforge from general knowledge of everyday English (no outside list copied), so it carries no
licence of its own. It ships inside the package as code, so generation needs no network and no data file.
"""

from __future__ import annotations

_TEXT = """
able about above accept access accident account acorn across act action active actor actual adapt add address admire
admit adopt adult advance advice affect afford afraid after again against age agency agent agile agree ahead aid aim
air airport alarm album alert alien align alive all alley allow almost alone along aloud already also alter always
amazing amber among amount amuse ancient angel anger angle angry animal ankle annual answer ant anvil anxiety any
anyone anything anyway apart ape appeal appear apple apply approve april apron arc area argue arise ark arm army
aroma around arrange arrest arrive arrow art article artist ash aside ask asleep aspect assist assume atlas attach
attack attempt attend attic attract author autumn avenue average avoid awake award aware away awful awning axe baby
back bacon bad badge badger bag bagel bake baker balance ball balloon band banjo bank banner bar barely bargain
barley barn barrel base basic basil basin basket bat bath battery battle bay beach beacon bean bear beard beast beat
beauty beaver become bed bedroom bee beef beer beetle before beg begin behave behind being belief bell belong below
belt bench bend beneath benefit berry beside best bet better between beyond bicycle bid big bike bill bin bird birth
bison bit bite bitter black blade blame blank blanket blast blend bless blind block blood blossom blouse blow blue
board boat body boil bold bolt bomb bone bonnet bonus book boot border bore born borrow boss both bother bottle
bottom boulder bounce bound bounty bow bowl box boy bracket brain branch brand brave bread break breath breeze brick
bride bridge brief bright bring broad broken brook brother brown brush bubble bucket buckle bud budget buffalo bug
build bullet bun bunch bundle burden burn burrow burst bury bus bush busy butler butter button buy buyer cab cabin
cable cactus cage cake call calm camel camera camp campus can canal cancel candle candy cannon canoe canvas canyon
cap capable capital captain car carbon card care career careful cargo carpet carrot carry cart case cash cashew
castle cat catch cattle cause cavern cedar ceiling cell cellar cent center central century cereal certain chain
chair chalk change channel chapter charge charm chart chase cheap check cheek cheese chef cherry chest chicken chief
child chin choice choose chop church cinema circle citizen citrus city civil claim class clay clean clear clerk
clever click client cliff climate climb clock close closet cloth cloud clover clown club clue coach coal coast coat
cobalt cobra cod code coffee coin cold collar collect college color column combine come comedy comet comfort comic
command comment common company compare compass compete complex concept concern concert conduct confirm connect
consist contact contain content contest context control convert cook cookie cool copper copy coral core corn corner
correct cosmos cost cot cottage cotton couch cough could council count counter country county couple courage course
court cousin cover cow coyote crack cradle craft crane crash crater crayon crazy cream create credit crew cricket
crime crimson crisis critic crop cross crowd crown cruel crumb crush cry crystal cub cube cue culture cup cupboard
cupcake cure curious current curtain curve custom cut cycle dad dagger daily daisy dam damage damp dance dancer
danger dare dark data date daughter dawn day dead deal dear death debate debt decade decide deck declare decline
deep deer defeat defend define degree delay deliver demand den denim deny depend deposit depth deputy derive desert
design desire desk detail detect develop device devote dew diamond diary dig digital dim dinner dip direct dirt
dirty dish dismiss display distant divide doctor dog doll dollar dolphin domain donate donkey door dose dot double
doubt down dozen draft drag dragon drain drama draw drawer dream dress drift drill drink drive driver drop drum dry
duck due dug dull dune during dust duty dye eager eagle ear early earn earth ease easel east easy eat echo economy
edge edit educate eel effect effort egg eight either elbow elder elect element elephant elf elm else ember embrace
emerald emerge emotion empire employ empty emu enable end enemy energy engage engine enjoy enormous enough ensure
enter entire entry envelope equal equip era error escape essay estate eve even evening event ever every evidence
evil ewe exact examine example excess exchange excite excuse exercise exist exit expand expect expense expert
explain explore export express extend extent extra eye fabric face fact factor factory fad fade fail faint fair
faith falcon fall false fame family famous fan fancy far farm farmer fashion fast fat fate father fault favor fear
feast feather feature fee feed feel fellow female fence fern ferry festival fever few fiber fiddle field fierce fig
fight figure file fill film fin final finance finch find fine finger finish fir fire firm first fish fit five fix
flag flame flannel flash flat flavor fleet flesh flight float flock flood floor flour flow flower fluid flute fly
focus fog fold folk follow food fool foot force forest forever forget forgive fork form formal format former fortune
forum forward fossil found fountain fox frame free freedom freeze fresh fridge friend frog front frost fruit fry
fuel full fun fund funny fur furnace future gain galaxy gallery galley game gap garage garden garlic garnet gas gate
gather gauge gazelle gear gem gender general genius gentle genuine gesture get geyser ghost giant gift ginger girl
give glacier glad glance glass globe glory glove glue goal goat goblet gold golden golf good goose gopher govern
grab grace grade grain grand granite grant grape grass grave gravel gravity great green greet grey grid griddle
grief grill grip grocery ground group grow growth guard guava guess guest guide guilt guitar gulf gum gun habit hair
half hall hammer hamster hand handle hang happen happy harbor hard harm harp harvest hat hate have hawk hay hazel
head health hear heart heat heaven heavy hedge height hello helmet help hem hen herb here hero heron hickory hidden
hide high highway hill hint hip hippo hire history hit hobby hog hold hole holiday hollow holy home honest honey
honor hook hope horizon horn hornet horse host hotel hour house however hub hue huge hum human humor hundred hunger
hunt hurry hurt husband husky hut ice icy idea ideal identify igloo ignore iguana ill image imagine impact import
impose improve inch include income index indicate indoor infant inform initial injury ink inn inner input insect
inside insist inspect install instance instead insult intend interest invest invite involve iron island issue item
ivory ivy jab jacket jag jaguar jam jar jasmine jaw jazz jeans jelly jersey jet jewel jigsaw job jog join joint joke
jolly journal journey joy judge jug juice jump jungle junior jury just justice kayak keen keep keg kernel kettle key
kick kid kidney kill kin kind king kingdom kiss kit kitchen kite kiwi knee knife knight knit knock knot know koala
label labor lace lad ladder ladle lady lagoon lake lamb lamp land lane language lantern lap larch large laser last
late later laugh launch laundry law lawn lawyer lay layer lazy lead leader leaf league lean learn least leather
leave lecture left leg legal legend lemon lemur lend length lens lentil lesson let letter level liberty library
license lid life lift light like lilac limb limit line linen link lion lip liquid list listen little live lively
liver living lizard llama load loan lobby lobster local lock locket lodge log logic lonely long look loop loose lord
lose loss lot lotus loud lounge love lovely low loyal luck lucky lunar lunch lung luxury lynx machine mad magic
magnet maid mail main major make male mall mammal man manage mango manner mantle many map maple marble march margin
marine mark market marry marsh mask mass master mat match mate matter maximum maybe meadow meal mean measure meat
medal media medical medium meet melody melon melt member memory mental mention menu mercy merge merit mess message
metal meteor method middle might mild milk mill mind mine mineral minor minute mirror miss mission mist mistake
mitten mix mobile model modern modest moment money monitor monkey month mood moon moose mop moral more morning
mosaic moss most mother motion motor mount mountain mouse mouth move movie much mud muffin mug mural muscle museum
music must mustard mutual mystery myth nail name nap narrow nation native nature near neat neck nectar need needle
nephew nerve nest net network never new news next nice niece night nine noble nobody nod noise none noodle noon
normal north nose note nothing notice novel now number nurse nut nutmeg oak oar oasis oat oatmeal object obtain
obvious ocean october octopus odd offer office officer often oil old olive once one onion only open opera opinion
oppose option orange orbit orchard orchid order ore organ origin osprey other otter ounce our outcome outdoor outer
output outside oven over owe owl own owner oxygen oyster pace pack package pad paddle page pain paint pair pal
palace pale palm pan panel panic pantry papaya paper parade parcel parent park parrot parsley part partner party
pass passage past paste pastry patch path patient pattern pause paw pay pea peace peach peak peanut pear pearl
pebble peg pelican pen pencil penguin people pepper perfect perform perhaps period permit person pet petal phase
phone photo phrase piano pick pickle picnic picture pie piece pig pigeon pile pillow pilot pin pine pink pioneer
pipe pirate pit pitch pizza place plain plan plane planet plant plastic plate play player plaza plea pleasant please
plenty plot plug plum plus pocket pod poem poet point poison pole police policy polite pollen pond pool poor poplar
poppy popular porch port portion pose position post pot potato pottery pound pour powder power prairie praise pray
predict prefer prepare present press pretty pretzel prevent price pride priest primary prince print prior prison
private prize problem process produce profit program project promise proof proper protect proud prove provide pub
public puffin pull pump pumpkin pun punch pup pupil puppy pure purple purpose purse push put puzzle quality quarter
quartz queen query quest question quick quiet quill quilt quit quite quote rabbit race rack radar radio radish rail
rain raise raisin rally ram ranch random range rank rapid rare rat rate rather ratio raven raw ray reach react read
ready real reason rebel recall receive recipe record recover red reduce reef reflect reform refuse region regret
reject relax release rely remain remark remedy remind remote remove rent repair repeat replace reply report rescue
resist resort respect rest result retire return reveal review reward rhubarb rhythm rib ribbon rice rich ride ridge
rifle right rim ring riot ripple rise risk ritual rival river road roast rob robin robot rock rocket rod role roll
roof room rooster root rope rose rot rough round route row royal rub rubber rude rug rule run rural rush rut sad
saddle safe safety saffron sag sail sailor salad salary sale salmon salt same sample sand sandal sap satin sauce
save saw say scale scan scare scarf scene school science scooter score scout scrap screen script sea seagull search
season seat second secret section sector secure see seed seek seem select self sell senate send senior sense sequel
series serious serve service session set settle setup seven sew shade shadow shake shallow shape share shark sharp
sheep sheet shelf shell shelter sherbet shield shift shine ship shirt shock shoe shoot shop shore short shot should
shout shovel show shower shrimp shut shy sick side sierra sign signal silent silk silly silo silver simple since
sing singer single sink sip sir sister sit site six size skate sketch ski skill skin skirt skull sky sleep slice
slide slight slim slip slope sloth slow sly small smart smell smile smoke smooth snack snail snake snow soap sob
soccer social sock sod soda sofa soft soil soldier solid solve some son song sonnet soon sorry sort soul sound soup
sour source south soy space spare sparrow speak special speech speed spell spend sphere spice spider spin spinach
spirit split spoon sport spot spray spread spring sprout spy square squeeze squid stable staff stage stair stake
stallion stamp stand star starling start state station stay steady steak steal steam steel steep stem step stick
still stock stomach stone stool stop store storm story stove straw stream street stress stretch strict strike string
strip stroke strong student studio study stuff style subject submit succeed such sudden suffer sugar suggest suit
sum summer summit sun sunny sunset supply support suppose sure surface surgeon surplus survey suspect swamp swan
swap sweat sweet swim swing switch sword symbol syrup system tab table tablet tackle tadpole tag tail tailor take
tale talent talk tall tan tango tank tap tape tar target task taste tax taxi tea teach teacher team teapot tear tell
temple tempo tenant tend tender tennis tent term test text thank theater theme theory there thick thief thin thing
think third thirst thistle thorn though thread threat three throat throne throw thumb thunder ticket tide tidy tie
tiger tight tile timber time tin tiny tip tire tissue title toast today toe toffee together toilet token tomato ton
tone tongue tonight tool tooth top topaz topic torch tortoise total toucan touch tough tour tourist tow toward towel
tower town toy trace track trade traffic tragic trail train trait transfer trap travel tray treat tree trend trial
tribe trick trip trolley troop trophy trouble truck true truly trumpet trunk trust truth try tub tube tug tulip tune
tunnel turkey turn turnip turtle tuxedo tweed twelve twenty twice twin twist two type ugly umbrella uncle under
unicorn uniform union unique unit universe unless until upon upper upset urban urge urn usage use useful usual
vacuum valid valley value valve van vanilla vapor vast vat vehicle velvet vendor venture venue verb verse version
vessel vet veteran victim victory video view village vine violet violin virtue virus visa visit visual vital vivid
voice volcano volume vote voyage waffle wage wagon wait wake walk wall wallet walnut walrus wander want war warm
warn wash waste watch water wave wax way weak wealth weapon wear weather weave web wedding week weekend weigh weight
welcome well west wet whale wheat wheel when where whip whisper white whole wide widow width wife wig wild will
willow win wind window wine wing winner winter wire wisdom wise wish wit witness wizard wolf woman wombat wonder
wood wool word work worker world worry worth wrap wreck wrist write writer wrong yacht yak yam yard yarn year yellow
yew yield yogurt young youth zebra zero zip zipper zone zoo
"""

WORDS: tuple[str, ...] = tuple(sorted(set(_TEXT.split())))
