/** Every English page of the build: axe, keyboard, phone width and screenshots (see page-checks.ts). */
import { checkEveryPage } from './page-checks';

describe('the English pages', () => {
  checkEveryPage('en');
});
