#!/usr/bin/env node
// Drives Microsoft 365 Agents Playground's web UI with playwright-core and Debian's Chromium, the
// way a person clicks through it, and saves a PNG after every step. See README.md beside this file.
//
//   NODE_PATH=/tmp/playground/node_modules node tools/playground/drive.js [options]
//     --url URL          the Playground's web UI (default http://127.0.0.1:56150)
//     --out DIR          where the PNGs go (default /tmp/qa-shots)
//     --scenario NAME    alex (default): help, a typo, find, Open, Danish, settings + Connect LinkedIn
//                        (sign-in in the browser, the code typed back), then in the team channel
//                        @mention help and setup, and the setup walked from Connect to Enabled and
//                        Disconnect (asked, cancelled, confirmed); it runs the sandbox's CLI;
//                        export: 1-click export on a fresh database (setup to Enabled at Company
//                        level, Alex's own LinkedIn account, then the candidate card's Export, the
//                        typed export, exports from LinkedIn Recruiter by the sandbox's CLI, Danish);
//                        refused: what a Teams user without an ATS user sees (start the Playground
//                        with the config printed by --print-config lynne)
//     --chromium PATH    default /usr/bin/chromium (never a downloaded browser)
//     --python PATH      the Python that runs the sandbox's CLI (default: the repo's .venv/bin/python);
//                        it finds the sandbox on SANDBOX_PORT, as make run does
//   node tools/playground/drive.js --print-config lynne   # a .m365agentsplayground.yml whose
//                                                         # current user is Lynne Robbins
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

const TENANT = '00000000-0000-0000-0000-0000000000001';
const BOT = { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' };
// The Playground's built-in users (its default configuration, version 0.2.x). Note its key
// `userPrincipleName` (sic): that is the spelling the Playground reads.
const USERS = [
  ['alex', 'user-id-0', 'Alex Wilber', 'alexw@example.com', '0020', 'Alex', 'Wilber', 'alexw@example.com'],
  ['megan', 'user-id-1', 'Megan Bowen', 'meganb@example.com', '0021', 'Megan', 'Bowen', 'meganb@example.com'],
  ['adele', 'user-id-2', 'Adele Vance', 'adelev@example.com', '0022', 'Adele', 'Vance', 'adelev@example.com'],
  ['isaiah', 'user-id-3', 'Isaiah Langer', 'isaiah@example.com', '0023', 'Isaiah', 'Langer', 'isaiahl@example.com'],
  ['patti', 'user-id-4', 'Patti Fernandez', 'pattif@example.com', '0024', 'Patti', 'Fernandez', 'pattif@example.com'],
  ['lynne', 'user-id-5', 'Lynne Robbins', 'lynner@example.com', '0025', 'Lynne', 'Robbins', 'lynner@example.com'],
];

function args() {
  const a = {
    url: 'http://127.0.0.1:56150', out: '/tmp/qa-shots', scenario: 'alex', chromium: '/usr/bin/chromium',
    python: path.join(REPO, '.venv', 'bin', 'python'),
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'print-config') { a.printConfig = argv[i + 1]; i += 1; continue; }
    if (!(key in a)) throw new Error(`unknown option ${argv[i]}`);
    a[key] = argv[i + 1];
    i += 1;
  }
  return a;
}

function configFor(who) {
  const me = USERS.find((u) => u[0] === who);
  if (!me) throw new Error(`no such Playground user: ${who}`);
  const entry = (u, indent) => [
    `id: ${u[1]}`, `name: ${u[2]}`, `userPrincipleName: ${u[3]}`,
    `aadObjectId: 00000000-0000-0000-0000-000000000${u[4]}`, `givenName: ${u[5]}`, `surname: ${u[6]}`, `email: ${u[7]}`,
  ].map((line, n) => (n === 0 && indent === '    ' ? '  - ' : indent) + line).join('\n');
  return [
    'version: "0.1.1"', `tenantId: ${TENANT}`, 'bot:', `  id: ${BOT.id}`, `  name: ${BOT.name}`,
    'currentUser:', entry(me, '  '), 'users:', ...USERS.filter((u) => u !== me).map((u) => entry(u, '    ')),
    // The built-in configuration's __PERSONAL_CHAT_ID__ is replaced by a fresh id; a file's is taken as is.
    'personalChat:', `  id: personal-chat-${who}`, 'groupChat:', `  id: group-chat-${who}`, '  name: Group Chat',
    'team:', '  id: team-id', '  name: My Team', '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:', '    - id: channel-announcements-id', '      name: Announcements', '',
  ].join('\n');
}

class Driver {
  constructor(page, out, python) {
    this.page = page; this.out = out; this.python = python; this.step = 0; this.notes = []; this.inChannel = false;
  }

  // The newest card (with this text): a chat lists the newest message last, a channel its newest
  // post first (a post's replies stay in order below it).
  card(text) {
    const cards = this.page.locator('.ac-adaptiveCard');
    const matching = text ? cards.filter({ hasText: text }) : cards;
    return this.inChannel ? matching.first() : matching.last();
  }

  // Every call the bot makes to the Playground shows up as a line in the Log Panel.
  async botCalls() {
    // (and an Action.Execute's answer is the line "… -> User Application invoke 200").
    return this.page.evaluate(() => (document.body.innerText.match(
      /User Application\s*\S+\s*Microsoft 365 Agents Playground|User Application invoke/g) || []).length);
  }

  async settle(before, timeoutMs = 15000) {
    const start = Date.now();
    while (Date.now() - start < timeoutMs && (await this.botCalls()) === before) await this.page.waitForTimeout(200);
    if ((await this.botCalls()) === before) this.notes.push(`step ${this.step}: no reply within ${timeoutMs} ms`);
    let last = -1;
    for (let n = await this.botCalls(); n !== last; n = await this.botCalls()) { last = n; await this.page.waitForTimeout(800); }
  }

  // A PNG of the page, and one of `card` (default: the newest card) after scrolling to it.
  async shot(name, card, { showEnd = false } = {}) {
    this.step += 1;
    const base = path.join(this.out, `${String(this.step).padStart(2, '0')}-${name}`);
    const target = card || this.card();
    if (await target.count()) {
      await target.scrollIntoViewIfNeeded();
      await target.screenshot({ path: `${base}-card.png` });
    }
    if (showEnd && (await target.count())) {
      // The page shows the card's end and what the Playground puts under it (an Action.Execute's
      // message, e.g. "I sent you a sign-in link in our 1:1 chat.").
      await target.evaluate((element) => {
        element.scrollIntoView({ block: 'end' });
        for (let up = element.parentElement; up; up = up.parentElement) {
          if (up.scrollHeight > up.clientHeight && /auto|scroll/.test(getComputedStyle(up).overflowY)) {
            up.scrollTop += 120;
            break;
          }
        }
      });
    }
    await this.page.screenshot({ path: `${base}.png` });
    console.log(`saved ${base}.png`);
  }

  async openConversation(name) {
    // Opening a conversation the first time installs the app there (and the bot may answer).
    const before = await this.botCalls();
    this.inChannel = !/Chat/.test(String(name));
    await this.page.getByRole('treeitem', { name }).click();
    await this.page.waitForTimeout(1500);
    if ((await this.botCalls()) !== before) await this.settle(before);
  }

  async say(text, name) {
    const before = await this.botCalls();
    const box = this.page.locator('[data-lexical-editor=true]').first();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.settle(before);
    await this.shot(name);
  }

  async mentionBot(text, name) {
    const before = await this.botCalls();
    const box = this.page.locator('[data-lexical-editor=true]').first();
    await box.click();
    await this.page.keyboard.type('@');
    await this.page.getByRole('menuitem', { name: BOT.name }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).first().click();
    await this.settle(before);
    await this.shot(name);
  }

  // Press a card's button; the screenshot shows `card` (default: the card pressed on, which an
  // Action.Execute's answer replaces in place).
  async click(button, name, { nth = 0, within, card } = {}) {
    const before = await this.botCalls();
    const scope = within || this.page;
    await scope.getByRole('button', { name: button, exact: typeof button === 'string' }).nth(nth).click();
    await this.settle(before);
    await this.shot(name, card || within, { showEnd: true });
  }

  // Follow the sign-in link of the newest "Sign in to LinkedIn" card in this chat, in a new browser
  // tab as a person would: the sandbox's LinkedIn sign-in page, sign in as `member`, and the page
  // Talent Bridge shows afterwards. Returns the one-time code on that page.
  async signIn(member, name) {
    const link = this.card('Sign in to LinkedIn');
    const [tab] = await Promise.all([
      this.page.context().waitForEvent('page'),
      // The Playground renders an Action.OpenUrl as a button with the role "link"; it opens a tab.
      link.getByRole('link', { name: 'Sign in with LinkedIn', exact: true }).click(),
    ]);
    await tab.waitForLoadState('domcontentloaded');
    await tab.getByRole('link', { name: member, exact: true }).waitFor();
    this.step += 1;
    const base = path.join(this.out, `${String(this.step).padStart(2, '0')}-${name}`);
    await tab.screenshot({ path: `${base}-linkedin.png` });
    await tab.getByRole('link', { name: member, exact: true }).click();
    const code = (await tab.locator('.code').innerText({ timeout: 15000 })).trim();
    await tab.screenshot({ path: `${base}-code.png` });
    console.log(`saved ${base}-code.png`);
    await tab.close();
    await this.page.bringToFront();
    return code;
  }

  // The sandbox's CLI plays LinkedIn's people (it finds the sandbox on SANDBOX_PORT).
  sandbox(...cliArgs) {
    const out = execFileSync(this.python, ['-m', 'linkedin_sandbox', ...cliArgs], { cwd: REPO, encoding: 'utf8' });
    console.log(`linkedin_sandbox ${cliArgs.join(' ')}: ${out.replace(/\s+/g, ' ').trim().slice(0, 200)}`);
  }

  // Wait until `card` shows `text` (a card updated in place by the bot).
  async waitForCard(text, timeoutMs = 15000) {
    await this.card(text).waitFor({ timeout: timeoutMs }).catch(() => {
      this.notes.push(`step ${this.step + 1}: no card shows "${text}" within ${timeoutMs} ms`);
    });
  }

  // The Playground always sends locale en-US; a "Custom activity" lets us send any other.
  async sayInLocale(text, locale, timezone, user, name) {
    const page = this.page;
    await page.getByRole('button', { name: 'Mock an Activity' }).click();
    await page.getByRole('menuitem', { name: 'Custom activity' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.monaco-editor').waitFor();
    const template = (await dialog.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    const conversationId = /"conversation":\s*\{\s*"id":\s*"([^"]+)"/.exec(template)[1];
    const serviceUrl = /"serviceUrl":\s*"([^"]+)"/.exec(template)[1];
    const activity = {
      type: 'message', channelId: 'msteams', serviceUrl, text, locale, localTimezone: timezone,
      recipient: BOT,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
      from: { id: user[1], name: user[2], aadObjectId: `00000000-0000-0000-0000-000000000${user[4]}` },
      channelData: { tenant: { id: TENANT } },
      entities: [{ type: 'clientInfo', locale, country: locale.slice(-2), platform: 'Web', timezone }],
    };
    await dialog.locator('.monaco-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify(activity));
    const before = await this.botCalls();
    await dialog.getByRole('button', { name: 'Send activity' }).click();
    await this.settle(before);
    await this.shot(name);
  }
}

async function alex(d) {
  const alexUser = USERS[0];
  await d.openConversation(/Personal Chat/);
  await d.shot('personal-chat-opened');
  await d.say('help', 'help');
  await d.say('fnd anna', 'typo-fnd-anna');
  await d.say('find anna', 'find-anna');
  await d.click('Open', 'open-first-candidate', { within: d.card(), card: d.card() });
  await d.say('find C1001', 'find-C1001');
  await d.say('find Zzyzx', 'find-Zzyzx');
  await d.say('find jensen in J-1001', 'find-jensen-in-J-1001');
  await d.say('help', 'help-again');
  const helpCard = d.card();
  await helpCard.locator('input').first().fill('jensen');
  await d.click('Find', 'help-card-find-jensen', { within: helpCard, card: d.card() });
  await d.sayInLocale('hjælp', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-hjaelp');
  await d.sayInLocale('søg anna', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-soeg-anna');
  await d.sayInLocale('opsætning', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-opsaetning');

  // Alex's own LinkedIn account: the link arrives in this chat; the browser's page shows a code,
  // typed back here; the settings card is then updated in place.
  await d.say('settings', 'settings');
  const settingsCard = d.card('Your settings');
  await d.click('Connect LinkedIn', 'settings-connect', { within: settingsCard, card: d.card() });
  const settingsCode = await d.signIn('Alex Wilber', 'settings-signin');
  await d.say(settingsCode === '000000' ? '111111' : '000000', 'settings-wrong-code');
  await d.say(settingsCode, 'settings-code-typed');
  await d.shot('settings-card-updated', settingsCard);

  // The team channel: @mention the bot; the setup walked from Not connected to Enabled.
  await d.openConversation('My Team - General');
  await d.mentionBot('help', 'channel-help');
  await d.mentionBot('setup', 'channel-setup');
  const setupCard = d.card('LinkedIn Recruiter integration');
  await d.click('Connect', 'channel-setup-connect', { within: setupCard });
  // The sign-in link never goes to the channel: it arrives in Alex's 1:1 chat with the bot.
  await d.openConversation(/Personal Chat/);
  await d.shot('personal-chat-setup-signin-link');
  const setupCode = await d.signIn('Alex Wilber', 'setup-signin');
  await d.say(setupCode, 'setup-code-typed');
  await d.openConversation('My Team - General');
  await d.shot('channel-setup-connected', setupCard);
  await setupCard.getByRole('radio', { name: 'Contoso Recruiter Corporate' }).check();
  await d.click('Use this contract', 'channel-setup-contract', { within: setupCard });
  // LinkedIn validates the callback URL and reports the partner side ready (the card updates in
  // place: Requested, then Partner ready); Refresh reads it now.
  await d.click('Request', 'channel-setup-requested', { within: setupCard });
  d.sandbox('flush');
  await d.waitForCard('Partner ready');
  await d.click('Refresh', 'channel-setup-refreshed', { within: setupCard });
  // A LinkedIn Recruiter admin switches the integration on; its webhook updates the card in place
  // (Enabled offers no Refresh: a change of level arrives the same way).
  d.sandbox('enable', '--level', 'contract');
  d.sandbox('flush');
  await d.waitForCard('Contract-level');
  await d.shot('channel-setup-enabled-contract', setupCard);
  d.sandbox('enable', '--level', 'company');
  d.sandbox('flush');
  await d.waitForCard('Company-level');
  await d.shot('channel-setup-enabled-company', setupCard);
  // Disconnect asks first; Cancel keeps everything; confirmed, the card is back at Not connected.
  await d.click('Disconnect', 'channel-setup-disconnect-asks', { within: setupCard });
  await d.click('Cancel', 'channel-setup-disconnect-cancelled', { within: setupCard });
  await d.click('Disconnect', 'channel-setup-disconnect-asks-again', { within: setupCard });
  await d.click(/^Yes, disconnect LinkedIn for /, 'channel-setup-disconnected', { within: setupCard });
  await d.mentionBot('find anna', 'channel-find-anna');
}

// Alex's own LinkedIn account (settings), then the channel's setup walked to Enabled at Company level.
async function connectAndEnable(d) {
  await d.openConversation(/Personal Chat/);
  await d.shot('personal-chat-opened');
  await d.say('settings', 'settings');
  const settingsCard = d.card('Your settings');
  await d.click('Connect LinkedIn', 'settings-connect', { within: settingsCard, card: d.card() });
  const settingsCode = await d.signIn('Alex Wilber', 'settings-signin');
  await d.say(settingsCode, 'settings-code-typed');
  await d.shot('settings-card-updated', settingsCard);
  await d.openConversation('My Team - General');
  await d.mentionBot('setup', 'channel-setup');
  const setupCard = d.card('LinkedIn Recruiter integration');
  await d.click('Connect', 'channel-setup-connect', { within: setupCard });
  await d.openConversation(/Personal Chat/);
  const setupCode = await d.signIn('Alex Wilber', 'setup-signin');
  await d.say(setupCode, 'setup-code-typed');
  await d.openConversation('My Team - General');
  await setupCard.getByRole('radio', { name: 'Contoso Recruiter Corporate' }).check();
  await d.click('Use this contract', 'channel-setup-contract', { within: setupCard });
  await d.click('Request', 'channel-setup-requested', { within: setupCard });
  d.sandbox('flush');
  await d.waitForCard('Partner ready');
  d.sandbox('enable', '--level', 'company');
  d.sandbox('flush');
  await d.waitForCard('Company-level');
  await d.shot('channel-setup-enabled-company', setupCard);
}

// A LinkedIn member the sandbox knows who is no candidate of the demo tenant (a namesake: same name
// as a candidate, another person), from the demo data the sandbox is seeded with.
function memberWhoIsNoCandidate(python) {
  const script = [
    'from sandbox_demo import linkedin_data',
    'from store.demo_data import demo_dataset',
    'linked = {c.linkedin_member_id for c in demo_dataset().candidates}',
    'print(next(m.id for m in linkedin_data().members if not m.is_user and m.id not in linked))',
  ].join('\n');
  return execFileSync(python, ['-c', script], { cwd: REPO, encoding: 'utf8' }).trim();
}

// A shot of the page with the picker's list of jobs open (the Playground draws a compact ChoiceSet
// as a combobox whose options pop up over the chat), then closed again.
async function shotJobList(d, name, card) {
  const box = card.getByRole('combobox').first();
  await box.click();
  await d.page.getByRole('option').first().waitFor();
  console.log(`${name}: ${(await d.page.getByRole('option').allTextContents()).join(' | ')}`);
  d.step += 1;
  const file = path.join(d.out, `${String(d.step).padStart(2, '0')}-${name}.png`);
  await d.page.screenshot({ path: file });
  console.log(`saved ${file}`);
  await d.page.keyboard.press('Escape');
}

// Choose the job whose title starts with `label` on the card's job picker (the Playground draws a
// compact ChoiceSet as a combobox); a job the candidate is in says "· already in …" after it.
async function chooseJob(d, card, label) {
  await card.getByRole('combobox').first().click();
  const options = d.page.getByRole('option');
  await options.first().waitFor();
  const shown = (await options.allTextContents()).find((o) => o.startsWith(label));
  if (!shown) throw new Error(`no job "${label}" on the picker`);
  await options.filter({ hasText: shown }).first().click();
}

// 1-click export as a recruiter does it: from the candidate card, typed, from LinkedIn Recruiter,
// and in Danish. Expects a fresh demo database.
async function exportWalk(d) {
  const alexUser = USERS[0];
  await connectAndEnable(d);
  await d.openConversation(/Personal Chat/);
  // The candidate card's Export to a job: the job picker, Product Designer, Export, the result.
  await d.say('find anna', 'find-anna');
  // Anna Jensen C1001 is the second of two Anna Jensens.
  await d.click('Open', 'open-C1001', { nth: 1, within: d.card(), card: d.card() });
  const candidateCard = d.card('Candidate id');
  await d.click('Export to a job', 'job-picker', { within: candidateCard, card: candidateCard });
  const picker = d.card('to a job');
  await shotJobList(d, 'job-picker-jobs', picker);
  await chooseJob(d, picker, 'Product Designer (J-1002)');
  await d.shot('job-picker-chosen', picker);
  // Export pressed twice quickly (a double click): one application, one result.
  const before = await d.botCalls();
  await picker.getByRole('button', { name: 'Export', exact: true }).dblclick();
  await d.settle(before);
  await d.shot('export-result', d.card(), { showEnd: true });
  await d.click('Open the candidate', 'result-open-candidate', { within: d.card(), card: d.card() });
  // The picker again: the jobs she is in say at which stage (Product Designer: Prospect now).
  await d.click('Export to a job', 'job-picker-again', { within: d.card(), card: d.card() });
  await shotJobList(d, 'job-picker-again-jobs', d.card('to a job'));
  await d.click('Cancel', 'job-picker-cancelled', { within: d.card('to a job'), card: d.card() });
  // Typed: a candidate id, a LinkedIn profile address of a member who is no candidate yet.
  // A test job typed by its id: not offered, and said why.
  await d.say('export C1001', 'typed-export-C1001');
  await d.say('J-1006', 'typed-export-C1001-test-job');
  await d.say('cancel', 'typed-export-C1001-cancelled');
  await d.say('export C1002', 'typed-export-C1002');
  await d.say('J-1003', 'typed-export-C1002-job');
  await d.click('Yes, export', 'typed-export-C1002-confirmed');
  const member = memberWhoIsNoCandidate(d.python);
  await d.say(`export https://www.linkedin.com/in/${member}`, 'typed-export-profile');
  await d.say('Product Designer', 'typed-export-profile-job');
  await d.click('Yes, export', 'typed-export-profile-confirmed');
  await d.say('export', 'typed-export-alone');
  await d.say('cancel', 'typed-export-alone-cancelled');
  await d.say('export nobody-at-all', 'typed-export-nobody');
  await d.say('export anna', 'typed-export-anna-several');
  await d.say('1', 'typed-export-anna-first');
  await d.say('stop', 'typed-export-anna-stopped');
  // From LinkedIn Recruiter: the notice in this chat; Open shows the candidate. A test job is refused.
  // How long the notice takes to show, from the sandbox's CLI answering (the export made in LinkedIn).
  d.sandbox('export', '--member', 'mbr-5158', '--job', 'J-1003');
  let started = Date.now();
  await d.waitForCard('You exported this candidate from LinkedIn Recruiter');
  console.log(`the export notice showed ${Date.now() - started} ms after the sandbox's export`);
  await d.shot('linkedin-export-notice');
  const notice = d.card('You exported this candidate from LinkedIn Recruiter');
  await d.click('Open the candidate', 'linkedin-export-open', { within: notice, card: d.card() });
  d.sandbox('export', '--member', 'mbr-5158', '--job', 'J-1006');
  started = Date.now();
  await d.waitForCard("wasn't exported from LinkedIn Recruiter");
  console.log(`the refusal showed ${Date.now() - started} ms after the sandbox's export`);
  await d.shot('linkedin-export-refused');
  // Danish.
  await d.sayInLocale('eksporter C1001', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-eksporter-C1001');
  await d.sayInLocale('J-1003', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-eksporter-job');
  await d.sayInLocale('ja', 'da-DK', 'Europe/Copenhagen', alexUser, 'da-eksporter-ja');
}

async function refused(d) {
  await d.openConversation(/Personal Chat/);
  await d.shot('personal-chat-opened');
  await d.say('help', 'help');
  await d.say('find anna', 'find-anna');
  await d.say('settings', 'settings');
  await d.openConversation('My Team - General');
  await d.mentionBot('setup', 'channel-setup');
}

async function main() {
  const a = args();
  if (a.printConfig) { process.stdout.write(configFor(a.printConfig)); return; }
  const { chromium } = require('playwright-core');
  fs.mkdirSync(a.out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: a.chromium,
    headless: true,
    viewport: { width: 1400, height: 1200 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const d = new Driver(page, a.out, a.python);
  try {
    await page.goto(a.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('treeitem', { name: /Personal Chat/ }).waitFor();
    await page.waitForTimeout(2000); // the Playground installs the app in every conversation
    await ({ alex, refused, export: exportWalk }[a.scenario] || (() => { throw new Error(`unknown scenario ${a.scenario}`); }))(d);
  } catch (e) {
    d.notes.push(`failed at step ${d.step + 1}: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(a.out, 'failure.png') }).catch(() => {});
    process.exitCode = 1;
  } finally {
    const log = await page.evaluate(() => (document.body.innerText.split('Log Panel')[1] || '').split('Click on a log item')[0]).catch(() => '');
    fs.writeFileSync(path.join(a.out, `${a.scenario}-log-panel.txt`), log);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  for (const note of d.notes) console.log(`NOTE ${note}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
