// A large Anki package of the shape heavy Anki users export (Anki 23.x+ `.colpkg`): a zstd
// compressed schema-18 collection in WAL mode with `collate unicase` names, 20,000 notes (basic,
// a tenth of them cloze with two deletions) in 20 decks with HTML fields, and 200,000 reviews:
// each card learned (two learning answers) and then reviewed, a few lapses among them.
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {compress, init} from '@bokuweb/zstd-wasm';
import Database from 'better-sqlite3';
import {zipSync} from 'fflate';
import {benchTempDir} from './temp.mjs';

const varint = (value) => {
	const bytes = [];
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest % 128) | 0x80);
		rest = Math.floor(rest / 128);
	}
	bytes.push(rest);
	return bytes;
};
const protoVarint = (field, value) => [...varint(field * 8), ...varint(value)];
const protoText = (field, text) => {
	const bytes = [...new TextEncoder().encode(text)];
	return [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
};

const SCHEMA = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (oid integer not null, type integer not null, usn integer not null, primary key (oid, type)) without rowid;
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE TABLE config (KEY text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;
CREATE TABLE fields (ntid integer not null, ord integer not null, name text not null collate nocase, config blob not null, primary key (ntid, ord)) without rowid;
CREATE TABLE templates (ntid integer not null, ord integer not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
CREATE TABLE notetypes (id integer not null primary key, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null);
CREATE UNIQUE INDEX idx_notetypes_name on notetypes (name);
CREATE TABLE decks (id integer primary key not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
CREATE UNIQUE INDEX idx_decks_name on decks (name);
CREATE TABLE tags (tag text not null primary key collate nocase, usn integer not null, collapsed boolean not null, config blob null) without rowid;`;

const CREATED = 1_700_000_000;
const DAY_MS = 86_400_000;
const WORDS = 'model feature pipeline latency deploy canary drift schema metric retention experiment rollout service event queue cache index partition replica batch stream label training serving registry monitor alert budget'.split(' ');
const phrase = (seed, length) => Array.from({length}, (_, index) => WORDS[(seed * 31 + index * 17) % WORDS.length]).join(' ');

/** The package's path, in a temporary folder the caller removes. */
export async function makeAnkiPackage(noteCount = 20_000, reviewsPerCard = 10) {
	const dir = benchTempDir('anki');
	const file = join(dir, 'collection.sqlite');
	const db = new Database(file);
	db.pragma('journal_mode = OFF');
	db.exec(SCHEMA);
	db.prepare("INSERT INTO col VALUES (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')").run(CREATED);
	for (const [key, value] of Object.entries({schedVer: 2, rollover: 4})) db.prepare('INSERT INTO config VALUES (?, 0, 0, ?)').run(key, Buffer.from(JSON.stringify(value)));
	const types = [
		{id: 1, name: 'Basic', kind: 0, fields: ['Front', 'Back'], templates: [['Card 1', '{{Front}}', '{{FrontSide}}<hr id=answer>{{Back}}']]},
		{id: 2, name: 'Cloze', kind: 1, fields: ['Text', 'Back Extra'], templates: [['Cloze', '{{cloze:Text}}', '{{cloze:Text}}<br>{{Back Extra}}']]},
	];
	for (const type of types) {
		db.prepare('INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)').run(type.id, type.name, Buffer.from(protoVarint(1, type.kind)));
		type.fields.forEach((name, ord) => db.prepare('INSERT INTO fields VALUES (?, ?, ?, ?)').run(type.id, ord, name, Buffer.alloc(0)));
		type.templates.forEach(([name, q, a], ord) => db.prepare('INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)').run(type.id, ord, name, Buffer.from([...protoText(1, q), ...protoText(2, a)])));
	}
	for (let deck = 1; deck <= 20; deck++) db.prepare('INSERT INTO decks VALUES (?, ?, 0, 0, ?, ?)').run(deck, `Topics\u001fTopic ${deck}`, Buffer.alloc(0), Buffer.alloc(0));
	const note = db.prepare("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, 0, 0, 0, '')");
	const card = db.prepare("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 2, 2, ?, ?, 2500, ?, 0, 0, 0, 0, 0, '{}')");
	const review = db.prepare('INSERT INTO revlog VALUES (?, ?, 0, ?, ?, 0, 2500, 6000, ?)');
	let reviewId = (CREATED + 86_400) * 1000;
	db.transaction(() => {
		for (let index = 0; index < noteCount; index++) {
			const cloze = index % 10 === 9;
			const fields = cloze
				? [`<div>The ${phrase(index, 6)} uses {{c1::${phrase(index + 1, 2)}}} and {{c2::${phrase(index + 2, 2)}}} (${index}).</div>`, '']
				: [`<div>Why does the <b>${phrase(index, 8)}</b> matter? (${index})</div>`, `<div>Because ${phrase(index + 3, 20)}</div><div><br></div><div>&lt;see ${index}&gt;</div>`];
			note.run(index + 1, `g${index}`, cloze ? 2 : 1, ` tag${index % 50} `, fields.join('\u001f'));
			for (let ord = 0; ord < (cloze ? 2 : 1); ord++) {
				const cardId = (index + 1) * 10 + ord;
				card.run(cardId, index + 1, (index % 20) + 1, ord, 400 + (index % 100), 30, reviewsPerCard);
				// A distinct millisecond offset per card keeps review ids (times) unique, as they are in Anki.
				let at = reviewId + cardId * 13;
				for (let step = 0; step < reviewsPerCard; step++) {
					const learning = step < 2;
					const lapse = !learning && (index + step) % 13 === 0;
					review.run(at, cardId, lapse ? 1 : 3, learning ? -600 : 2 ** Math.min(step, 8), learning ? 0 : 1);
					at += learning ? 600_000 : DAY_MS * Math.min(2 ** (step - 1), 60);
				}
			}
		}
	})();
	db.unsafeMode(true);
	db.pragma('writable_schema = ON');
	db.prepare("UPDATE sqlite_schema SET sql = replace(sql, 'collate nocase', 'collate unicase') WHERE sql LIKE '%collate nocase%'").run();
	db.pragma('writable_schema = OFF');
	db.pragma('journal_mode = WAL');
	db.close();
	await init();
	const collection = readFileSync(file);
	rmSync(file);
	const packageFile = join(dir, 'collection.colpkg');
	writeFileSync(packageFile, zipSync({'collection.anki21b': compress(collection, 3).slice(), meta: new Uint8Array([0x08, 0x03]), media: compress(new Uint8Array(0), 3).slice()}, {level: 0}));
	return packageFile;
}
