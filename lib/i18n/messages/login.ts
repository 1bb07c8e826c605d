/** Text of the login page (`/login`), in front of every page when `BGE_M3_AUTH` is set. */

const en = {
  "login.title": "Sign in",
  "login.tagline": "This bge-m3 Studio asks for a login.",
  "login.user": "User name",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.failed": "Wrong user name or password.",
};

const zh: Record<keyof typeof en, string> = {
  "login.title": "登录",
  "login.tagline": "此 bge-m3 Studio 需要登录。",
  "login.user": "用户名",
  "login.password": "密码",
  "login.submit": "登录",
  "login.failed": "用户名或密码错误。",
};

export const LOGIN = { en, zh };
