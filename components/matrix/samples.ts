/** One-click samples for the matrix page (content, not interface text). */

/** Cross-language near-duplicates (the same sentence in Chinese and English), other pairs, and unrelated texts. */
export const CROSS_LINGUAL_SAMPLE: readonly string[] = [
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "環境変動は世界的な課題です",
  "我喜欢看书",
  "阅读使我快乐",
  "I love reading books",
  "The train to Berlin leaves at eight in the morning",
  "Der Zug nach Berlin fährt um acht Uhr morgens ab",
  "How do I reset my password?",
  "Water boils at 100 degrees Celsius at sea level",
  "北京是中国的首都",
  "Photosynthesis turns sunlight into chemical energy",
];

/** 16 topics, each in English, Chinese, Japanese and Spanish: 64 texts whose translations should group together. */
const TOPICS: readonly (readonly [string, string, string, string])[] = [
  [
    "Climate change is a global challenge",
    "气候变化是全球挑战",
    "気候変動は世界的な課題です",
    "El cambio climático es un desafío global",
  ],
  ["I love reading books", "我喜欢看书", "私は本を読むのが好きです", "Me encanta leer libros"],
  [
    "The train leaves at eight in the morning",
    "火车早上八点出发",
    "電車は朝八時に出発します",
    "El tren sale a las ocho de la mañana",
  ],
  [
    "How do I reset my password?",
    "如何重置我的密码？",
    "パスワードをリセットするにはどうすればいいですか？",
    "¿Cómo restablezco mi contraseña?",
  ],
  [
    "Water boils at 100 degrees Celsius",
    "水在一百摄氏度沸腾",
    "水は摂氏百度で沸騰します",
    "El agua hierve a cien grados Celsius",
  ],
  ["Beijing is the capital of China", "北京是中国的首都", "北京は中国の首都です", "Pekín es la capital de China"],
  ["The cat is sleeping on the sofa", "猫在沙发上睡觉", "猫がソファで寝ています", "El gato está durmiendo en el sofá"],
  [
    "Regular exercise improves your health",
    "经常锻炼有益健康",
    "定期的な運動は健康に良いです",
    "El ejercicio regular mejora la salud",
  ],
  ["The museum is closed on Mondays", "博物馆周一闭馆", "博物館は月曜日が休館です", "El museo cierra los lunes"],
  [
    "Please turn off your phone during the film",
    "看电影时请关闭手机",
    "映画の上映中は携帯電話の電源をお切りください",
    "Por favor, apaga tu teléfono durante la película",
  ],
  [
    "The stock market fell sharply today",
    "今天股市大幅下跌",
    "今日、株式市場が大きく下落しました",
    "La bolsa cayó bruscamente hoy",
  ],
  [
    "Photosynthesis turns sunlight into chemical energy",
    "光合作用把阳光转化为化学能",
    "光合成は太陽光を化学エネルギーに変えます",
    "La fotosíntesis convierte la luz solar en energía química",
  ],
  [
    "It will rain tomorrow afternoon",
    "明天下午会下雨",
    "明日の午後は雨が降るでしょう",
    "Mañana por la tarde va a llover",
  ],
  [
    "The restaurant serves excellent noodles",
    "这家餐馆的面条非常好吃",
    "このレストランのラーメンは絶品です",
    "El restaurante sirve unos fideos excelentes",
  ],
  [
    "She is learning to play the piano",
    "她正在学弹钢琴",
    "彼女はピアノを習っています",
    "Ella está aprendiendo a tocar el piano",
  ],
  ["The library opens at nine o'clock", "图书馆九点开门", "図書館は九時に開きます", "La biblioteca abre a las nueve"],
];

/** 64 texts in the order topic by topic, language by language. */
export const SIXTY_FOUR_SAMPLE: readonly string[] = TOPICS.flat();
