// Workers whose phones have no keyboard for their script write their language in Latin letters
// ("enikku sahayam venam", "mujhe madad chahiye"). No language-identification library models romanized
// text, so these short lists of each language's most frequent words, as people commonly spell them in
// Latin letters, are the evidence for it (with the romanized words of the locale files). They are
// lexicon, reviewed like the danger words: common function words, greetings, pronouns, "need", "help",
// "work", "salary", "problem", "speak", greetings and kinship terms of address, in their usual spellings.

/** Frequent words of each language written in Latin letters, lower case. */
export const ROMANIZED_WORDS: Readonly<Record<string, readonly string[]>> = {
  hi: [
    'mujhe', 'mujhko', 'mera', 'meri', 'mere', 'main', 'mai', 'hum', 'hai', 'hain', 'hoon', 'hu', 'hun', 'tha', 'thi',
    'nahi', 'nahin', 'kya', 'kaise', 'kahan', 'kyun', 'aap', 'apna', 'apni', 'chahiye', 'madad', 'karo', 'karna',
    'kar', 'karein', 'kijiye', 'raha', 'rahi', 'gaya', 'gayi', 'diya', 'liya', 'ko', 'ka', 'ki', 'ke', 'se', 'mein',
    'me', 'par', 'aur', 'bhi', 'ek', 'bhai', 'bhaiya', 'didi', 'ji', 'ghar', 'paisa', 'paise', 'malik', 'kaam',
    'naukri', 'vetan', 'tankhwah', 'mil', 'mili', 'mila', 'hua', 'bahut', 'abhi', 'namaste', 'namaskar',
    'dhanyavad', 'dhanyawad', 'shukriya', 'kripya', 'kripaya', 'sahayata', 'samasya', 'pareshan', 'pareshani',
    'baat', 'kisi', 'koi', 'kuch', 'jana', 'wapas', 'chahta', 'chahti', 'sakta', 'sakti', 'sakte', 'samajh',
    'pranam', 'ram', 'radhe', 'jai',
  ],
  ur: [
    'mujhe', 'mujhy', 'mujh', 'mera', 'meri', 'mere', 'main', 'mai', 'hum', 'hai', 'hy', 'hain', 'hoon', 'hun',
    'tha', 'thi', 'nahi', 'nahin', 'nai', 'kya', 'kia', 'kaise', 'kahan', 'aap', 'ap', 'apna', 'apni', 'chahiye',
    'chahye', 'madad', 'karo', 'karna', 'kar', 'karein', 'karen', 'raha', 'rahi', 'gaya', 'diya', 'liya', 'ko',
    'ka', 'ki', 'ke', 'se', 'mein', 'me', 'par', 'aur', 'bhi', 'ek', 'bhai', 'ghar', 'paisa', 'paise', 'malik',
    'kaam', 'naukri', 'tankhwah', 'tankhah', 'mil', 'mili', 'mila', 'hua', 'bohat', 'bahut', 'abhi', 'assalam',
    'assalamualaikum', 'asalam', 'salam', 'alaikum', 'walaikum', 'shukriya', 'meherbani', 'mehrbani', 'janab',
    'inshallah', 'mashallah', 'khuda', 'allah', 'mulk', 'watan', 'zaroorat', 'zarurat', 'masla', 'maslah',
    'pareshan', 'baat', 'kisi', 'koi', 'kuch', 'jana', 'wapas', 'chahta', 'sakta', 'sakte', 'kafeel', 'kafil',
    'adaab', 'aadab', 'khairiyat',
  ],
  ne: [
    'malai', 'mero', 'meri', 'ma', 'hami', 'chha', 'cha', 'chhu', 'chu', 'chhan', 'chhaina', 'chaina', 'ho',
    'hoina', 'garnu', 'garnus', 'garnuhos', 'garnuhola', 'garera', 'gareko', 'garchu', 'garchha', 'hunchha',
    'huncha', 'bhayo', 'bhaena', 'thiyo', 'sahayog', 'maddat', 'chahiyo', 'chaiyo', 'chahincha', 'tapai',
    'tapain', 'hajur', 'dai', 'didi', 'bahini', 'bhai', 'namaste', 'namaskar', 'dhanyabad', 'dhanyabaad',
    'kripaya', 'ghar', 'paisa', 'talab', 'talab', 'sahu', 'sahuji', 'kaam', 'farkana', 'farkina', 'janu',
    'sakchu', 'sakdina', 'kasaile', 'kura', 'pani', 'ayena', 'aayena', 'diyena', 'dinna', 'dindaina', 'kasto',
    'kati', 'kina', 'kaha', 'yaha', 'yo', 'tyo', 'samasya', 'dukha', 'nepali', 'sanchai', 'ram',
  ],
  bn: [
    'ami', 'amar', 'amake', 'amra', 'apni', 'apnar', 'apnara', 'tumi', 'tomar', 'ache', 'achi', 'achhe', 'nai',
    'nei', 'na', 'chai', 'dorkar', 'sahajjo', 'sahajo', 'shahajjo', 'dhonnobad', 'dhonyobad', 'bhai', 'apa',
    'bon', 'kaj', 'beton', 'taka', 'bari', 'deshe', 'desh', 'jabo', 'jete', 'ki', 'kothay', 'keno', 'ke', 'keu',
    'somossa', 'shomossha', 'kotha', 'bolte', 'bolben', 'korte', 'parben', 'korben', 'korbo', 'ekta', 'khub',
    'onek', 'jani', 'janina', 'kore', 'hobe', 'kichu', 'bhalo', 'valo', 'malik', 'pai', 'painai', 'nomoskar',
    'adab',
  ],
  ta: [
    'naan', 'enakku', 'en', 'ennai', 'ennoda', 'naanga', 'neenga', 'ungal', 'unga', 'ungalukku', 'irukku',
    'irukken', 'irukkiren', 'illai', 'illa', 'venum', 'vendum', 'udhavi', 'udavi', 'udhavunga', 'vanakkam',
    'nandri', 'anna', 'akka', 'thambi', 'thangachi', 'velai', 'sambalam', 'tharala', 'tharavillai', 'kodukkala',
    'veedu', 'veetu', 'ooru', 'ooruku', 'poganum', 'enna', 'enga', 'yaaru', 'prachanai', 'pirachinai',
    'kashtam', 'pesanum', 'pesunga', 'romba', 'periya', 'oru', 'seyya', 'mudiyala', 'theriyala', 'kitta',
    'panam', 'sollunga', 'vandhen', 'ponen', 'iruken', 'aamam', 'sari',
  ],
  te: [
    'nenu', 'naaku', 'naku', 'naa', 'nannu', 'memu', 'meeru', 'mee', 'miru', 'undi', 'unnanu', 'ledu', 'levu',
    'kaavali', 'kavali', 'sahayam', 'cheyandi', 'cheyyandi', 'namaskaram', 'dhanyavadalu', 'anna', 'akka',
    'thammudu', 'pani', 'jeetham', 'jitam', 'ivvaledu', 'ivvatledu', 'illu', 'intiki', 'vellali', 'emi', 'enti',
    'ekkada', 'evaru', 'samasya', 'kashtam', 'matladali', 'matladandi', 'chala', 'pedda', 'oka', 'cheyali',
    'teliyadu', 'daggara', 'dabbulu', 'garu', 'babu', 'vachanu', 'unnaru',
  ],
  ml: [
    'njan', 'enikku', 'enik', 'ente', 'enne', 'njangal', 'ningal', 'ningalude', 'ningalkku', 'aanu', 'alla',
    'illa', 'undu', 'und', 'venam', 'veenam', 'vendi', 'ariyilla', 'sahayam', 'sahayikkanam', 'sahayikkamo',
    'dayavayi', 'namaskaram', 'nanni', 'chetta', 'chettan', 'chechi', 'ikka', 'itha', 'joli', 'shambalam',
    'sambalam', 'tharunilla', 'tharanilla', 'kittiyilla', 'kittunnilla', 'veedu', 'veettil', 'naattil', 'nattil',
    'pokanam', 'enthu', 'entha', 'evide', 'aarum', 'aaru', 'prashnam', 'budhimuttu', 'samsarikkanam',
    'parayanam', 'valiya', 'kure', 'cheyyanam', 'pattilla', 'oru', 'ee', 'kayyil', 'cheyyum', 'sukhamano',
  ],
  si: [
    'mama', 'mata', 'mage', 'mawa', 'api', 'oya', 'oyage', 'oyata', 'thiyenawa', 'thiyanawa', 'na', 'naha',
    'nehe', 'ona', 'one', 'oney', 'udaw', 'udawwak', 'udav', 'udawu', 'ayubowan', 'bohoma', 'sthuthi',
    'isthuthi', 'sthuthiyi', 'akka', 'ayya', 'malli', 'nangi', 'wada', 'wadak', 'wæda', 'padiya', 'pagaya',
    'gedara', 'yanna', 'enna', 'mokakda', 'mokada', 'koheda', 'kauda', 'kawda', 'prashnaya', 'prashnayak',
    'amaruwa', 'katha', 'karanna', 'karanawa', 'loku', 'ekak', 'eka', 'kohomada', 'puluwan',
    'denna', 'ganna', 'innawa', 'salli', 'masa', 'hari', 'neda', 'nedda', 'lankawe',
  ],
  am: [
    'selam', 'salam', 'ene', 'nen', 'negn', 'nign', 'alle', 'alehu', 'yelem', 'yellem', 'efelgalehu',
    'efeligalehu', 'falgalehu', 'erdata', 'erdugn', 'erdugng', 'ebakachu', 'ebakih', 'ebakish', 'amesegnalehu',
    'amesegnallo', 'ishi', 'awo', 'aydelem', 'sira', 'demoz', 'bet', 'ager', 'hager', 'memeles', 'mnd', 'min',
    'yet', 'ante', 'anchi', 'enante', 'sew', 'chigir', 'betam', 'tena', 'yistilign', 'new', 'ena', 'wede',
    'gar', 'lemin', 'endet', 'nachu', 'alkefelum', 'yelegnim', 'tenayistilign',
  ],
  ti: [
    'selam', 'salam', 'ane', 'aleku', 'aleki', 'yelen', 'yeleyn', 'hagez', 'hagezeni', 'hagzuni', 'yedli',
    'yedleni', 'ydli', 'bejaka', 'bejaki', 'bejakum', 'yekenyeley', 'yekenyelay', 'ewe', 'sira',
    'demoz', 'geza', 'hager', 'adey', 'kemey', 'entay', 'abey', 'men', 'seb', 'tsigem', 'xigem', 'ezi', 'eye',
    'iye', 'ab', 'nab', 'kab', 'mis', 'kndey', 'zeyhabuni', 'aykhfelunin', 'nay',
  ],
};

/** Languages whose romanized writing the identifier recognises, as candidates for Latin text. */
export const ROMANIZED_LANGUAGES = Object.keys(ROMANIZED_WORDS);
