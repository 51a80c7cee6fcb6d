/** Stylesheets are imported for their side effect only (Vite and the tests load them). */
declare module '*.css';
