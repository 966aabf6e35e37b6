/** The sign-in page's strings. */
import { defineStrings } from '../lib/portal-locale';

export const signInText = defineStrings(
  {
    title: 'Sign in',
    lead: 'Sign in or create an account with GitHub or Google. There is no password to remember.',
    loading: 'Loading…',
    'provider.github': 'Continue with GitHub',
    'provider.google': 'Continue with Google',
    providersLabel: 'Sign-in options',
    noProviders: 'Sign-in is not available on this server.',
    newAccount: 'New here? The same buttons create your account: you confirm your age and accept the Terms first.',
    'error.unknown': 'Sign-in did not complete (code “{code}”). Please try again.',
    signedIn: 'You are already signed in as {email}.',
    toPortal: 'Go to the portal',
    otherAccount: 'To use another account, sign out first. To add GitHub or Google to this account, use the settings.',
    toSettings: 'Sign-in methods in the settings',
    signOut: 'Sign out',
    'privacy.heading': 'What we keep',
    'privacy.text':
      'From GitHub or Google we keep your email address, your name, the address of your profile picture and the account’s ID — nothing else from your profile. One cookie keeps you signed in and another remembers your language; there are no trackers.',
    'privacy.link': 'Read the privacy policy',
  },
  {
    title: '登录',
    lead: '使用 GitHub 或 Google 登录或创建账户，无需另设密码。',
    loading: '正在加载…',
    'provider.github': '使用 GitHub 继续',
    'provider.google': '使用 Google 继续',
    providersLabel: '登录方式',
    noProviders: '本服务器未开放登录。',
    newAccount: '第一次使用？点击上面的按钮即可创建账户：您需要先确认年龄并接受服务条款。',
    'error.unknown': '登录未完成（错误代码“{code}”），请重试。',
    signedIn: '您已登录，账户为 {email}。',
    toPortal: '前往控制台',
    otherAccount: '如需使用其他账户，请先退出登录。如需为此账户关联 GitHub 或 Google，请前往设置。',
    toSettings: '设置中的登录方式',
    signOut: '退出登录',
    'privacy.heading': '我们保存哪些信息',
    'privacy.text':
      '我们仅从 GitHub 或 Google 保存您的邮箱地址、名称、头像地址和账户 ID，不保存资料中的其他内容。一个 Cookie 用于保持登录，另一个用于记住您选择的语言；本站不使用任何跟踪工具。',
    'privacy.link': '阅读隐私政策',
  },
);
