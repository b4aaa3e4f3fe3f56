import { screenLabels, screens } from '../store/navigation-slice';
import { useAppStore } from '../store/app-store';

export function Navigation() {
  const current = useAppStore((s) => s.screen);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <nav aria-label="Main" className="nav">
      <ul>
        {screens.map((screen) => (
          <li key={screen}>
            <a
              href={`#/${screen}`}
              aria-current={screen === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(screen);
              }}
            >
              {screenLabels[screen]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
