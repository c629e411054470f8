"""Measure cleaning: how much injected boilerplate it removes and how much of the article it keeps.

Two benchmarks:
(a) T17 dev articles (one sentence per line) with boilerplate blocks injected at the top, middle and bottom. Blocks
    come from template families (share bars, related-link lists, copyright, photo credits, newsletter prompts, cookie
    notices, navigation, social prompts, date stamps, ads, editorial sign-offs) in several languages, randomised
    with a seeded RNG. Every line's truth is known: injected lines are boilerplate, the original lines are article.
    Languages split in two: those whose UI words are in clean.py's lexicon (en de fr es uk ru), and those that are
    not (pl it pt tr nl) — the second group measures the shape/context signals alone.
(c) TempEval-3 TEXT sections: real newswire with no boilerplate, never looked at while tuning — every removed line
    there is a false positive; also text-only publication dates against each document's creation date.
(b) Hand-written HTML pages under tests/fixtures/clean/ (each with a .json of sentences that must stay and strings
    that must go), extracted with trafilatura the way ingest does, then cleaned.

Pure functions; the benchmark script and the CLI do the I/O printing.
"""
from __future__ import annotations

import gzip
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.clean import CLEAN_VERSION, clean, decide_lines
from dateline.pubdate import PUBDATE_VERSION, publication_date
from dateline.records import RawArticle

TUNE_TOPICS = ("bpoil", "finan", "h1n1")
HELD_OUT_TOPICS = ("haiti", "iraq")
LEXICON_LANGUAGES = ("en", "de", "fr", "es", "uk", "ru")
NON_LEXICON_LANGUAGES = ("pl", "it", "pt", "tr", "nl")
POSITIONS = ("top", "middle", "bottom")

# UI strings per language. Keys are slots the family generators use.
_UI: dict[str, dict[str, list[str]]] = {
    "en": {
        "share": ["Share", "Share:", "Share this article", "Tweet", "Facebook", "Twitter", "Email", "Print", "WhatsApp",
                  "Copy link", "LinkedIn"],
        "related": ["Related News", "Related articles", "More on the topic", "Read more", "You may also like",
                    "Most read"],
        "category": ["Category", "Topics", "Tags"],
        "pubdate": ["Publication date", "Published", "Updated"],
        "sections": ["World", "Politics", "Business", "Sport", "Opinion", "Culture", "Science"],
        "fav": ["Add to favorites", "Save", "Bookmark"],
        "copyright": ["© {year} {outlet}. All rights reserved.", "Copyright {year} {outlet}",
                      "(C) {outlet}. All Rights Reserved"],
        "credit": ["Photo: {agency}", "Cover photo: {agency} / {name}", "Image: {agency}/{name}",
                   "Photo credit: {name}/{agency}"],
        "newsletter": ["Sign up for our newsletter", "Get the day's top stories delivered to your inbox.",
                       "Subscribe", "Subscribe now", "Enter your email address"],
        "cookie": ["We use cookies to improve your experience on our site.",
                   "By continuing to browse you agree to our use of cookies.", "Accept", "Privacy policy",
                   "Cookie settings"],
        "nav": ["Home", "News", "Menu", "Search", "Log in", "Sign in", "Live"],
        "social": ["Join our {app} group", "Follow us on {app}", "Join {outlet} {app} channel"],
        "ad": ["Advertisement", "ADVERTISEMENT", "Sponsored content", "Story continues below advertisement"],
        "end": ["(END)", "(MORE)", "Reporting by {name}; Editing by {name2}"],
        "stamp": ["Published {date}", "Updated: {date}", "{date}"],
        "headlines": ["{place} braces for new storm as rivers rise", "Markets slide on rate fears",
                      "Minister resigns after funding row", "Police arrest {num} after clashes in {place}",
                      "What we know about the talks in {place}", "{place} Election Results: Live Updates"],
    },
    "de": {
        "share": ["Teilen", "Artikel teilen", "Drucken", "E-Mail", "Facebook", "Twitter", "WhatsApp"],
        "related": ["Mehr zum Thema", "Lesen Sie auch", "Weitere Artikel", "Meistgelesen"],
        "category": ["Kategorie", "Themen"],
        "pubdate": ["Veröffentlicht", "Aktualisiert", "Datum"],
        "sections": ["Politik", "Wirtschaft", "Sport", "Kultur", "Ausland"],
        "fav": ["Merken", "Zur Merkliste hinzufügen"],
        "copyright": ["© {year} {outlet}. Alle Rechte vorbehalten.", "Copyright {year} {outlet}"],
        "credit": ["Foto: {agency}", "Bild: {agency} / {name}", "Titelbild: {agency}"],
        "newsletter": ["Newsletter abonnieren", "Jetzt abonnieren", "Die wichtigsten Nachrichten jeden Morgen."],
        "cookie": ["Wir verwenden Cookies, um Ihnen ein besseres Nutzererlebnis zu bieten.", "Akzeptieren",
                   "Datenschutz", "Einstellungen"],
        "nav": ["Startseite", "Suche", "Menü", "Anmelden"],
        "social": ["Folgen Sie uns auf {app}", "Jetzt unserem {app}-Kanal folgen"],
        "ad": ["Anzeige", "Werbung"],
        "end": ["(dpa)", "Mitarbeit: {name}"],
        "stamp": ["Veröffentlicht am {date}", "Aktualisiert: {date}", "{date}"],
        "headlines": ["Sturm über {place}: Flüsse steigen weiter", "Börsen im Minus", "Minister tritt zurück",
                      "Was wir über die Gespräche in {place} wissen"],
    },
    "fr": {
        "share": ["Partager", "Partager cet article", "Imprimer", "E-mail", "Facebook", "Twitter"],
        "related": ["À lire aussi", "Lire aussi", "Sur le même sujet", "Les plus lus"],
        "category": ["Catégorie", "Thèmes"],
        "pubdate": ["Publié le", "Mis à jour le"],
        "sections": ["International", "Politique", "Économie", "Sport", "Culture"],
        "fav": ["Sauvegarder", "Ajouter à mes favoris"],
        "copyright": ["© {year} {outlet}. Tous droits réservés.", "Copyright {outlet} {year}"],
        "credit": ["Photo : {agency}", "Crédit photo : {name} / {agency}"],
        "newsletter": ["Abonnez-vous à notre newsletter", "Recevez chaque matin l'essentiel de l'actualité.",
                       "S'abonner"],
        "cookie": ["Nous utilisons des cookies pour améliorer votre expérience.", "Accepter",
                   "Politique de confidentialité", "Paramétrer les cookies"],
        "nav": ["Accueil", "Rechercher", "Menu", "Se connecter"],
        "social": ["Suivez-nous sur {app}", "Rejoignez notre chaîne {app}"],
        "ad": ["Publicité", "PUBLICITÉ"],
        "end": ["(AFP)", "Avec {agency}"],
        "stamp": ["Publié le {date}", "Mis à jour le {date}", "{date}"],
        "headlines": ["Tempête sur {place} : les rivières montent", "Les Bourses reculent",
                      "Le ministre démissionne", "Ce que l'on sait des négociations à {place}"],
    },
    "es": {
        "share": ["Compartir", "Compartir en Facebook", "Imprimir", "Correo", "Twitter", "WhatsApp"],
        "related": ["Noticias relacionadas", "Lee también", "Más leídas", "Te puede interesar"],
        "category": ["Categoría", "Temas"],
        "pubdate": ["Publicado", "Actualizado"],
        "sections": ["Internacional", "Política", "Economía", "Deportes", "Cultura"],
        "fav": ["Guardar", "Añadir a favoritos"],
        "copyright": ["© {year} {outlet}. Todos los derechos reservados.", "Copyright {outlet} {year}"],
        "credit": ["Foto: {agency}", "Fotografía: {name} / {agency}"],
        "newsletter": ["Suscríbete a nuestro boletín", "Recibe las noticias más importantes cada mañana.",
                       "Suscribirse"],
        "cookie": ["Utilizamos cookies para mejorar su experiencia.", "Aceptar", "Política de privacidad"],
        "nav": ["Inicio", "Buscar", "Menú", "Iniciar sesión"],
        "social": ["Síguenos en {app}", "Únete a nuestro canal de {app}"],
        "ad": ["Publicidad", "PUBLICIDAD"],
        "end": ["(EFE)", "Con información de {agency}"],
        "stamp": ["Publicado el {date}", "Actualizado: {date}", "{date}"],
        "headlines": ["Tormenta en {place}: los ríos siguen subiendo", "Las bolsas caen",
                      "Dimite el ministro", "Lo que sabemos de las negociaciones en {place}"],
    },
    "uk": {
        "share": ["Поділитися", "Поширити", "Facebook", "Telegram", "Друк"],
        "related": ["Більше на тему", "Читайте також", "Новини за темою", "Найпопулярніше"],
        "category": ["Категорія", "Теги"],
        "pubdate": ["Дата публікації", "Опубліковано", "Оновлено"],
        "sections": ["Політика", "Світ", "Економіка", "Спорт", "Культура"],
        "fav": ["Додати до обраного", "Зберегти"],
        "copyright": ["© {year} {outlet}. Всі права захищені.", "Всі права захищені"],
        "credit": ["Фото: {agency}", "Фото: {name} / {agency}"],
        "newsletter": ["Підпишіться на нашу розсилку", "Найважливіші новини щоранку.", "Підписатися"],
        "cookie": ["Ми використовуємо cookies для покращення роботи сайту.", "Прийняти", "Політика конфіденційності"],
        "nav": ["Головна", "Пошук", "Меню", "Увійти"],
        "social": ["Підписуйтесь на наш {app}-канал", "Приєднуйтесь до {app}"],
        "ad": ["Реклама", "РЕКЛАМА"],
        "end": ["Джерело: {agency}"],
        "stamp": ["Опубліковано {date}", "{date}"],
        "headlines": ["Шторм у {place}: рівень води зростає", "Біржі падають", "Міністр подав у відставку"],
    },
    "ru": {
        "share": ["Поделиться", "ВКонтакте", "Telegram", "Печать", "Email"],
        "related": ["Читайте также", "Новости по теме", "Самое читаемое", "Больше по теме"],
        "category": ["Категория", "Теги"],
        "pubdate": ["Дата публикации", "Опубликовано", "Обновлено"],
        "sections": ["Политика", "Мир", "Экономика", "Спорт", "Культура"],
        "fav": ["Добавить в избранное", "Сохранить"],
        "copyright": ["© {year} {outlet}. Все права защищены.", "Все права защищены"],
        "credit": ["Фото: {agency}", "Фото: {name} / {agency}"],
        "newsletter": ["Подпишитесь на нашу рассылку", "Главные новости каждое утро.", "Подписаться"],
        "cookie": ["Мы используем cookies для улучшения работы сайта.", "Принять", "Политика конфиденциальности"],
        "nav": ["Главная", "Поиск", "Меню", "Войти"],
        "social": ["Подписывайтесь на наш {app}-канал", "Присоединяйтесь к {app}"],
        "ad": ["Реклама", "РЕКЛАМА"],
        "end": ["Источник: {agency}"],
        "stamp": ["Опубликовано {date}", "{date}"],
        "headlines": ["Шторм в {place}: уровень воды растет", "Биржи падают", "Министр ушел в отставку"],
    },
    # Languages whose UI words are NOT in clean.py's lexicon.
    "pl": {
        "share": ["Udostępnij", "Udostępnij artykuł", "Drukuj", "Facebook", "Twitter", "Wyślij e-mailem"],
        "related": ["Zobacz także", "Czytaj również", "Najczęściej czytane", "Powiązane artykuły"],
        "category": ["Kategoria", "Tagi"],
        "pubdate": ["Data publikacji", "Opublikowano", "Aktualizacja"],
        "sections": ["Polityka", "Świat", "Gospodarka", "Sport", "Kultura"],
        "fav": ["Dodaj do ulubionych", "Zapisz"],
        "copyright": ["© {year} {outlet}. Wszelkie prawa zastrzeżone.", "Wszelkie prawa zastrzeżone"],
        "credit": ["Fot. {agency}", "Zdjęcie: {name} / {agency}"],
        "newsletter": ["Zapisz się do naszego newslettera", "Najważniejsze wiadomości każdego ranka.",
                       "Zapisz się"],
        "cookie": ["Ta strona używa plików cookies.", "Akceptuję", "Polityka prywatności"],
        "nav": ["Strona główna", "Szukaj", "Menu", "Zaloguj się"],
        "social": ["Obserwuj nas na {app}", "Dołącz do naszego kanału {app}"],
        "ad": ["Reklama", "REKLAMA"],
        "end": ["Źródło: {agency}"],
        "stamp": ["Opublikowano {date}", "{date}"],
        "headlines": ["Burza nad {place}: rzeki wciąż rosną", "Giełdy tracą", "Minister podał się do dymisji"],
    },
    "it": {
        "share": ["Condividi", "Condividi su Facebook", "Stampa", "Invia per email", "Twitter"],
        "related": ["Leggi anche", "Articoli correlati", "I più letti", "Potrebbe interessarti"],
        "category": ["Categoria", "Argomenti"],
        "pubdate": ["Data di pubblicazione", "Pubblicato", "Aggiornato"],
        "sections": ["Politica", "Esteri", "Economia", "Sport", "Cultura"],
        "fav": ["Aggiungi ai preferiti", "Salva"],
        "copyright": ["© {year} {outlet}. Tutti i diritti riservati.", "Riproduzione riservata"],
        "credit": ["Foto {agency}", "Foto: {name} / {agency}"],
        "newsletter": ["Iscriviti alla nostra newsletter", "Le notizie più importanti ogni mattina.", "Iscriviti"],
        "cookie": ["Questo sito utilizza cookie tecnici e di profilazione.", "Accetta", "Informativa privacy"],
        "nav": ["Home", "Cerca", "Menu", "Accedi"],
        "social": ["Seguici su {app}", "Unisciti al nostro canale {app}"],
        "ad": ["Pubblicità", "PUBBLICITÀ"],
        "end": ["Fonte: {agency}"],
        "stamp": ["Pubblicato il {date}", "{date}"],
        "headlines": ["Maltempo a {place}: fiumi in piena", "Borse in calo", "Si dimette il ministro"],
    },
    "pt": {
        "share": ["Compartilhar", "Partilhar", "Imprimir", "Enviar por e-mail", "WhatsApp"],
        "related": ["Leia também", "Notícias relacionadas", "Mais lidas", "Veja também"],
        "category": ["Categoria", "Assuntos"],
        "pubdate": ["Data de publicação", "Publicado", "Atualizado"],
        "sections": ["Política", "Mundo", "Economia", "Esportes", "Cultura"],
        "fav": ["Adicionar aos favoritos", "Salvar"],
        "copyright": ["© {year} {outlet}. Todos os direitos reservados.", "Todos os direitos reservados"],
        "credit": ["Foto: {agency}", "Foto: {name}/{agency}"],
        "newsletter": ["Assine a nossa newsletter", "As principais notícias todas as manhãs.", "Assinar"],
        "cookie": ["Utilizamos cookies para melhorar a sua experiência.", "Aceitar", "Política de privacidade"],
        "nav": ["Início", "Buscar", "Menu", "Entrar"],
        "social": ["Siga-nos no {app}", "Entre no nosso canal do {app}"],
        "ad": ["Publicidade", "PUBLICIDADE"],
        "end": ["Fonte: {agency}"],
        "stamp": ["Publicado em {date}", "{date}"],
        "headlines": ["Tempestade em {place}: rios continuam subindo", "Bolsas caem", "Ministro pede demissão"],
    },
    "tr": {
        "share": ["Paylaş", "Facebook'ta paylaş", "Yazdır", "E-posta", "Twitter"],
        "related": ["İlgili haberler", "Bunlar da ilginizi çekebilir", "En çok okunanlar", "Benzer haberler"],
        "category": ["Kategori", "Etiketler"],
        "pubdate": ["Yayın tarihi", "Güncelleme"],
        "sections": ["Gündem", "Dünya", "Ekonomi", "Spor", "Kültür"],
        "fav": ["Favorilere ekle", "Kaydet"],
        "copyright": ["© {year} {outlet}. Tüm hakları saklıdır.", "Tüm hakları saklıdır"],
        "credit": ["Fotoğraf: {agency}", "Fotoğraf: {name} / {agency}"],
        "newsletter": ["Bültenimize abone olun", "Günün önemli haberleri her sabah.", "Abone ol"],
        "cookie": ["Sitemizde çerezler kullanılmaktadır.", "Kabul et", "Gizlilik politikası"],
        "nav": ["Ana sayfa", "Ara", "Menü", "Giriş yap"],
        "social": ["Bizi {app} üzerinden takip edin", "{app} kanalımıza katılın"],
        "ad": ["Reklam", "REKLAM"],
        "end": ["Kaynak: {agency}"],
        "stamp": ["Yayınlanma: {date}", "{date}"],
        "headlines": ["{place} fırtınaya hazırlanıyor", "Borsalar düştü", "Bakan istifa etti"],
    },
    "nl": {
        "share": ["Delen", "Deel dit artikel", "Afdrukken", "Mailen", "Facebook"],
        "related": ["Lees ook", "Gerelateerde artikelen", "Meest gelezen", "Meer over dit onderwerp"],
        "category": ["Categorie", "Onderwerpen"],
        "pubdate": ["Publicatiedatum", "Gepubliceerd", "Bijgewerkt"],
        "sections": ["Politiek", "Buitenland", "Economie", "Sport", "Cultuur"],
        "fav": ["Toevoegen aan favorieten", "Bewaren"],
        "copyright": ["© {year} {outlet}. Alle rechten voorbehouden.", "Alle rechten voorbehouden"],
        "credit": ["Foto: {agency}", "Beeld: {name} / {agency}"],
        "newsletter": ["Schrijf je in voor onze nieuwsbrief", "Elke ochtend het belangrijkste nieuws.",
                       "Inschrijven"],
        "cookie": ["Wij gebruiken cookies om uw ervaring te verbeteren.", "Accepteren", "Privacybeleid"],
        "nav": ["Home", "Zoeken", "Menu", "Inloggen"],
        "social": ["Volg ons op {app}", "Word lid van ons {app}-kanaal"],
        "ad": ["Advertentie", "ADVERTENTIE"],
        "end": ["Bron: {agency}"],
        "stamp": ["Gepubliceerd op {date}", "{date}"],
        "headlines": ["Storm boven {place}: rivieren stijgen", "Beurzen in het rood", "Minister stapt op"],
    },
}

_FILL = {
    "outlet": ["NewsDaily", "The Courier", "Global Wire", "Kyiv Herald", "Metro24", "NovaPress"],
    "agency": ["Reuters", "AP", "AFP", "EPA", "Getty Images", "imago", "dpa", "Anadolu"],
    "name": ["Jane Doe", "Ivan Petrenko", "Maria Rossi", "Ali Yilmaz", "Kim Lee", "Anna Nowak"],
    "app": ["WhatsApp", "Telegram", "Viber", "Facebook"],
    "place": ["Lisbon", "Kharkiv", "Lagos", "Osaka", "Quito", "Bergen"],
}

FAMILIES = ("share_bar", "related_links", "copyright", "photo_credit", "newsletter", "cookie_notice", "navigation",
            "social_prompt", "date_stamp", "advertisement", "editorial_end")


def _fill(template: str, rng: random.Random) -> str:
    values = {k: rng.choice(v) for k, v in _FILL.items()}
    values["name2"] = rng.choice(_FILL["name"])
    values["year"] = str(rng.randint(2005, 2024))
    values["num"] = str(rng.randint(3, 90))
    d, m, y, hh, mm = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2005, 2024), rng.randint(0, 23), \
        rng.randint(0, 59)
    values["date"] = rng.choice([f"{d:02d}.{m:02d}.{y} {hh:02d}:{mm:02d}", f"{y}-{m:02d}-{d:02d}",
                                 f"{d}/{m}/{y}", f"{hh:02d}:{mm:02d}, {d:02d}.{m:02d}.{y}"])
    return template.format(**values)


def _bullet(rng: random.Random) -> str:
    return rng.choice(["", "", "- ", "• ", "* "])


def make_block(family: str, lang: str, rng: random.Random) -> list[str]:
    """One boilerplate block of `family` in `lang`: a list of lines."""
    ui = _UI[lang]
    pick = lambda slot, k=1: rng.sample(ui[slot], min(k, len(ui[slot])))  # noqa: E731
    if family == "share_bar":
        items = pick("share", rng.randint(2, 5))
        return [" | ".join(items)] if rng.random() < 0.3 else items
    if family == "related_links":
        lines = [rng.choice(ui["related"])]
        for _ in range(rng.randint(2, 4)):
            b = _bullet(rng)
            lines.append(b + _fill(rng.choice(ui["headlines"]), rng))
            if rng.random() < 0.5:
                lines += [b + rng.choice(ui["category"]), b + rng.choice(ui["sections"]),
                          b + rng.choice(ui["pubdate"]), b.strip() or "-", b + rng.choice(ui["fav"])]
        return lines
    if family == "copyright":
        return [_fill(rng.choice(ui["copyright"]), rng)]
    if family == "photo_credit":
        return [_fill(rng.choice(ui["credit"]), rng)]
    if family == "newsletter":
        return pick("newsletter", rng.randint(2, 3))
    if family == "cookie_notice":
        return pick("cookie", rng.randint(2, 3))
    if family == "navigation":
        return pick("nav", rng.randint(1, 2)) + pick("sections", rng.randint(2, 4))
    if family == "social_prompt":
        return [_fill(rng.choice(ui["social"]), rng)]
    if family == "date_stamp":
        return [_fill(rng.choice(ui["stamp"]), rng)]
    if family == "advertisement":
        return [rng.choice(ui["ad"])]
    if family == "editorial_end":
        return [_fill(rng.choice(ui["end"]), rng)]
    raise ValueError(family)


@dataclass(frozen=True)
class BenchArticle:
    """An article with boilerplate injected. `labels[i]` is None for an article line, else (family, position)."""

    id: str
    topic: str
    lang: str
    lines: tuple[str, ...]
    labels: tuple[tuple[str, str] | None, ...]


Template = dict[str, list[tuple[str, list[str]]]]  # position → [(family, lines)]


def inject(article_id: str, topic: str, text: str, rng: random.Random, *, languages: tuple[str, ...],
           site: tuple[str, Template] | None = None) -> BenchArticle:
    """Inject 1–4 blocks (one language per article, like one site) at the top, middle and/or bottom.

    With `site` = (language, template), the site's fixed blocks are used instead (as every page of one site repeats
    its furniture); related-link lists still change from page to page, as they do on real sites.
    """
    body = [line.strip() for line in text.split("\n") if line.strip()]
    if site is not None:
        lang, template = site
    else:
        lang = rng.choice(languages)
        template = random_template(lang, rng)
    lines: list[str] = []
    labels: list[tuple[str, str] | None] = []

    def add_blocks(position: str) -> None:
        for family, block in template.get(position, []):
            if site is not None and family == "related_links":
                block = make_block(family, lang, rng)  # dynamic: other stories, different on every page
            for line in block:
                lines.append(line)
                labels.append((family, position))

    add_blocks("top")
    middle_at = len(body) // 2 if len(body) >= 4 else None
    for i, line in enumerate(body):
        if i == middle_at:
            add_blocks("middle")
        lines.append(line)
        labels.append(None)
    if middle_at is None:
        add_blocks("middle")  # too short to have a middle: the block lands at the bottom edge
    add_blocks("bottom")
    return BenchArticle(article_id, topic, lang, tuple(lines), tuple(labels))


def random_template(lang: str, rng: random.Random) -> Template:
    """1–4 random blocks at random positions."""
    positions = rng.sample(POSITIONS, rng.randint(1, 3))
    if rng.random() < 0.3:
        positions.append(rng.choice(POSITIONS))
    template: Template = defaultdict(list)
    for position in positions:
        family = rng.choice(FAMILIES)
        template[position].append((family, make_block(family, lang, rng)))
    return template


def run_site_benchmark(shared: Path, *, per_topic: int = 150, seed: int = 17, sites: int = 8) -> dict:
    """Pages of a few simulated sites (each with its own language and fixed furniture; related links change per
    page), scored without and with `repeated_lines` computed over each site's pages: what the cross-article signal
    adds. All five T17 dev topics; sites alternate lexicon and non-lexicon languages."""
    languages = [lang for pair in zip(LEXICON_LANGUAGES, NON_LEXICON_LANGUAGES) for lang in pair]
    site_rng = random.Random(f"{seed}:sites")
    site_defs = []
    for k in range(sites):
        lang = languages[k % len(languages)]
        template: Template = defaultdict(list)
        for position, family in (("top", "navigation"), ("top", "share_bar"), ("middle", site_rng.choice(
                ("newsletter", "advertisement", "social_prompt"))), ("bottom", "related_links"),
                ("bottom", site_rng.choice(("copyright", "cookie_notice", "editorial_end")))):
            template[position].append((family, make_block(family, lang, site_rng)))
        site_defs.append((f"site{k}", lang, template))
    pages: dict[str, list[BenchArticle]] = defaultdict(list)
    for n, (article_id, topic, text) in enumerate(read_t17(shared, TUNE_TOPICS + HELD_OUT_TOPICS,
                                                          per_topic=per_topic, seed=seed)):
        name, lang, template = site_defs[n % sites]
        rng = random.Random(f"{seed}:site-page:{article_id}")
        pages[name].append(inject(article_id, topic, text, rng, languages=(lang,), site=(lang, template)))
    from dateline.clean import repeated_lines

    out: dict[str, dict[str, Counts]] = {"without_repeated_lines": defaultdict(Counts),
                                         "with_repeated_lines": defaultdict(Counts)}
    for name, articles in pages.items():
        raws = [RawArticle(origin=a.id, source_file=None, fmt="text", text="\n".join(a.lines), outlet=name)
                for a in articles]
        repeated = repeated_lines(raws)
        for article in articles:
            group = "lexicon_languages" if article.lang in LEXICON_LANGUAGES else "non_lexicon_languages"
            for mode, rep in (("without_repeated_lines", frozenset()), ("with_repeated_lines", repeated)):
                total, _, _, _ = score_article(article, repeated=rep)
                out[mode]["all"].add(total)
                out[mode][group].add(total)
    return {"sites": sites, "pages": sum(len(v) for v in pages.values()),
            **{mode: {k: v.summary() for k, v in sorted(groups.items())} for mode, groups in out.items()}}


def read_t17(shared: Path, topics: Iterable[str], *, per_topic: int, seed: int) -> Iterator[tuple[str, str, str]]:
    """(id, topic, text) for a seeded sample of non-empty T17 articles of each topic."""
    for topic in topics:
        path = shared / "bench" / "t17" / topic / "articles.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh]
        records = [r for r in records if r.get("text", "").strip()]
        rng = random.Random(f"{seed}:{topic}")
        for record in rng.sample(records, min(per_topic, len(records))):
            yield record["id"], topic, record["text"]


@dataclass
class Counts:
    tp: int = 0  # boilerplate removed
    fn: int = 0  # boilerplate kept
    fp: int = 0  # article line removed
    tn: int = 0  # article line kept

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    def summary(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = 2 * p * r / (p + r) if p and r else None
        kept = self.tn / (self.tn + self.fp) if self.tn + self.fp else None
        rnd = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"removed_precision": rnd(p), "removed_recall": rnd(r), "removed_f1": rnd(f),
                "article_lines_kept": rnd(kept), "boilerplate_lines": self.tp + self.fn,
                "article_lines": self.tn + self.fp}


def score_article(article: BenchArticle, *, repeated: frozenset[str] = frozenset()
                  ) -> tuple[Counts, dict[tuple[str, str], Counts], list[str], list[str]]:
    """Counts for one article, per-(family, position) recall counts, and the missed/wrongly removed lines."""
    decisions, _ = decide_lines("\n".join(article.lines), repeated_lines=repeated)
    total = Counts()
    by_block: dict[tuple[str, str], Counts] = defaultdict(Counts)
    missed: list[str] = []
    wrongly_removed: list[str] = []
    seen_article_lines: set[str] = set()
    for d, label in zip(decisions, article.labels):
        removed = not d.keep
        if label is None:
            # A line the source itself repeats (comment threads quoting each other) need not be kept twice: only
            # its first occurrence is scored.
            if d.line in seen_article_lines:
                continue
            seen_article_lines.add(d.line)
            if removed:
                total.fp += 1
                wrongly_removed.append(d.line)
            else:
                total.tn += 1
        else:
            c = by_block[label]
            if removed:
                total.tp += 1
                c.tp += 1
            else:
                total.fn += 1
                c.fn += 1
                missed.append(d.line)
    return total, by_block, missed, wrongly_removed


def run_t17_benchmark(shared: Path, *, per_topic: int = 150, seed: int = 17) -> dict:
    """The injected-boilerplate benchmark over T17 dev topics; numbers split by topic group and language group."""
    groups: dict[str, Counts] = defaultdict(Counts)
    by_lang: dict[str, Counts] = defaultdict(Counts)
    by_family: dict[str, Counts] = defaultdict(Counts)
    by_position: dict[str, Counts] = defaultdict(Counts)
    examples_missed: list[str] = []
    examples_fp: list[str] = []
    n_articles = 0
    languages = LEXICON_LANGUAGES + NON_LEXICON_LANGUAGES
    for article_id, topic, text in read_t17(shared, TUNE_TOPICS + HELD_OUT_TOPICS, per_topic=per_topic, seed=seed):
        rng = random.Random(f"{seed}:{article_id}")
        article = inject(article_id, topic, text, rng, languages=languages)
        total, by_block, missed, fps = score_article(article)
        topic_group = "tune_topics" if topic in TUNE_TOPICS else "held_out_topics"
        lang_group = "lexicon_languages" if article.lang in LEXICON_LANGUAGES else "non_lexicon_languages"
        for key in ("all", topic_group, lang_group, f"{topic_group}/{lang_group}"):
            groups[key].add(total)
        by_lang[article.lang].add(total)
        for (family, position), counts in by_block.items():
            by_family[f"{lang_group}/{family}"].add(counts)
            by_position[position].add(counts)
        examples_missed += [f"[{article.lang}] {m}" for m in missed]
        examples_fp += fps
        n_articles += 1
    return {
        "articles": n_articles,
        "per_topic": per_topic,
        "seed": seed,
        "tune_topics": list(TUNE_TOPICS),
        "held_out_topics": list(HELD_OUT_TOPICS),
        "lexicon_languages": list(LEXICON_LANGUAGES),
        "non_lexicon_languages": list(NON_LEXICON_LANGUAGES),
        "groups": {k: v.summary() for k, v in sorted(groups.items())},
        "by_language": {k: v.summary() for k, v in sorted(by_lang.items())},
        "recall_by_family": {k: v.summary()["removed_recall"] for k, v in sorted(by_family.items())},
        "recall_by_position": {k: v.summary()["removed_recall"] for k, v in sorted(by_position.items())},
        "examples_missed": sorted(set(examples_missed))[:25],
        "examples_wrongly_removed": sorted(set(examples_fp))[:25],
    }


# ---------------------------------------------------------------------------------------------------------------
# (b) hand-written HTML pages.


def extract_html_text(html: str, *, origin: str) -> RawArticle | None:
    """The page as ingest reads it (dateline.ingest.html when present, else the same trafilatura call)."""
    try:
        from dateline.ingest.html import extract_html
    except ImportError:
        extract_html = None
    if extract_html is not None:
        result = extract_html(html, origin=origin, source_file=origin)
        return result if isinstance(result, RawArticle) else None
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      include_formatting=False, include_links=False, include_images=False,
                                      deduplicate=False)
    if doc is None or not (doc.text or "").strip():
        return None
    return RawArticle(origin=origin, source_file=origin, fmt="html", text=doc.text, raw=html, title=doc.title)


def run_html_fixtures(fixtures: Path) -> dict:
    """Per page: share of must-keep sentences kept and of must-remove strings gone, after trafilatura alone and
    after trafilatura + clean."""
    pages = {}
    totals = {"keep": 0, "kept": 0, "remove": 0, "gone_trafilatura": 0, "gone_clean": 0}
    for html_path in sorted(fixtures.glob("*.html")):
        spec = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
        raw = extract_html_text(html_path.read_text(encoding="utf-8"), origin=html_path.name)
        if raw is None:
            pages[html_path.name] = {"error": "no text extracted"}
            continue
        cleaned = clean(raw)
        kept = [s for s in spec["keep"] if s in cleaned.text]
        gone_t = [s for s in spec["remove"] if s not in raw.text]
        gone_c = [s for s in spec["remove"] if s not in cleaned.text]
        pages[html_path.name] = {
            "keep": len(spec["keep"]), "kept": len(kept), "remove": len(spec["remove"]),
            "gone_after_trafilatura": len(gone_t), "gone_after_clean": len(gone_c),
            "lost": [s for s in spec["keep"] if s not in cleaned.text],
            "left": [s for s in spec["remove"] if s in cleaned.text],
            "author": cleaned.author, "title": cleaned.title,
            "dateline": None if cleaned.dateline is None else cleaned.text[cleaned.dateline.start:cleaned.dateline.end],
        }
        totals["keep"] += len(spec["keep"])
        totals["kept"] += len(kept)
        totals["remove"] += len(spec["remove"])
        totals["gone_trafilatura"] += len(gone_t)
        totals["gone_clean"] += len(gone_c)
    summary = {
        "pages": len(pages),
        "keep_rate": round(totals["kept"] / totals["keep"], 4) if totals["keep"] else None,
        "removed_by_trafilatura_alone": round(totals["gone_trafilatura"] / totals["remove"], 4)
        if totals["remove"] else None,
        "removed_after_clean": round(totals["gone_clean"] / totals["remove"], 4) if totals["remove"] else None,
    }
    return {"summary": summary, "pages": pages}


def run_pubdate_t17(shared: Path, *, per_topic: int = 300, seed: int = 17) -> dict:
    """Publication dates from text alone (no hint) on T17 articles, against their pub_date.

    `dated` counts exact-day answers (dateline with/without content year) and how many are right; `estimated`
    counts content windows and how many contain the true date; `none` counts articles with no answer.
    """
    import datetime as dt

    out: dict[str, dict] = {}
    for group, topics in (("tune_topics", TUNE_TOPICS), ("held_out_topics", HELD_OUT_TOPICS)):
        c = Counter()
        widths: list[int] = []
        for topic in topics:
            path = shared / "bench" / "t17" / topic / "articles.jsonl.gz"
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh]
            records = [r for r in records if r.get("text", "").strip()]
            rng = random.Random(f"{seed}:pub:{topic}")
            for r in rng.sample(records, min(per_topic, len(records))):
                raw = RawArticle(origin=r["id"], source_file=None, fmt="jsonl", text=r["text"])
                pub = publication_date(raw, clean(raw))
                truth = dt.date.fromisoformat(r["pub_date"])
                c["articles"] += 1
                if pub is not None:
                    c["evidence:" + pub.evidence.split(" ")[0]] += 1
                if pub is None:
                    c["none"] += 1
                elif pub.window.granularity == "day" and not pub.window.estimated:
                    c["dated"] += 1
                    c["dated_correct"] += pub.window.earliest == truth
                else:
                    c["estimated"] += 1
                    c["estimated_contains_truth"] += pub.window.earliest <= truth <= pub.window.latest
                    widths.append(pub.window.width_days)
        widths.sort()
        out[group] = dict(c) | {
            "dated_accuracy": round(c["dated_correct"] / c["dated"], 4) if c["dated"] else None,
            "estimated_coverage": round(c["estimated_contains_truth"] / c["estimated"], 4) if c["estimated"] else None,
            "estimated_median_width_days": widths[len(widths) // 2] if widths else None,
        }
    return {"version": PUBDATE_VERSION, "per_topic": per_topic, "seed": seed, **out}


def _read_tempeval_text(path: Path) -> tuple[str, "dt.date"] | None:
    """The <TEXT> of a TimeML file with its tags stripped, and its document creation date."""
    import datetime as dt
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    text_el = root.find(".//TEXT")
    dct = next((el.get("value") for el in root.iter("TIMEX3") if el.get("functionInDocument") == "CREATION_TIME"),
               None)
    if text_el is None or not dct:
        return None
    try:
        return "".join(text_el.itertext()), dt.date.fromisoformat(dct[:10])
    except ValueError:
        return None


def run_tempeval_clean_text(shared: Path) -> dict:
    """Untuned real newswire without boilerplate (TempEval-3 TEXT sections): every paragraph is article, so every
    removed line is a false positive. Also publication dates from the text alone against the documents' DCT."""
    lines = kept = docs = 0
    reasons: Counter = Counter()
    removed_examples: list[str] = []
    pub = Counter()
    for path in sorted((shared / "bench" / "tempeval3").rglob("*.tml")):
        read = _read_tempeval_text(path)
        if read is None:
            continue
        text, dct = read
        docs += 1
        raw = RawArticle(origin=path.name, source_file=str(path), fmt="text", text=text.strip())
        decisions, _ = decide_lines(raw.text)
        for d in decisions:
            if not d.line.strip():
                continue
            lines += 1
            kept += d.keep
            if not d.keep:
                reasons[d.reason] += 1
                removed_examples.append(d.line.strip()[:120])
        p = publication_date(raw, clean(raw))
        if p is None:
            pub["none"] += 1
        elif p.window.granularity == "day" and not p.window.estimated:
            pub["dated"] += 1
            pub["dated_correct"] += p.window.earliest == dct
        else:
            pub["estimated"] += 1
            pub["estimated_contains_truth"] += p.window.earliest <= dct <= p.window.latest
    return {
        "documents": docs,
        "lines": lines,
        "article_lines_kept": round(kept / lines, 4) if lines else None,
        "removed_by_reason": dict(reasons.most_common()),
        "removed_examples": removed_examples[:20],
        "pubdate_text_only": dict(pub) | {
            "dated_accuracy": round(pub["dated_correct"] / pub["dated"], 4) if pub["dated"] else None,
            "estimated_coverage": round(pub["estimated_contains_truth"] / pub["estimated"], 4)
            if pub["estimated"] else None},
    }


def run_all(shared: Path, fixtures: Path | None, *, per_topic: int = 150, seed: int = 17) -> dict:
    result = {"version": CLEAN_VERSION, "t17_injected": run_t17_benchmark(shared, per_topic=per_topic, seed=seed),
              "t17_sites": run_site_benchmark(shared, per_topic=per_topic, seed=seed),
              "pubdate_t17_text_only": run_pubdate_t17(shared, per_topic=2 * per_topic, seed=seed)}
    if (shared / "bench" / "tempeval3").is_dir():
        result["tempeval3_clean_newswire"] = run_tempeval_clean_text(shared)
    if fixtures is not None and fixtures.is_dir():
        result["html_fixtures"] = run_html_fixtures(fixtures)
    return result
