export { homePages as homeModule } from './home.pages.js';
